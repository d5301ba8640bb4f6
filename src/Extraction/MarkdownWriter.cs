using System.Text;

namespace Folio.Extraction;

/// <summary>
/// Renders a parsed document as Markdown: headings, lists, pipe tables, notes as quotes; running
/// headers and footers left out. Pipe tables pad every row to the widest, so the output is held to a
/// length limit as it is written, and refused before a row that would cross it is drawn.
/// </summary>
public static class MarkdownWriter
{
    /// <summary>The document as Markdown, at most <paramref name="maxCharacters"/> long.</summary>
    /// <exception cref="DocumentParseException"><see cref="ParseFailure.DocumentTooLarge"/>: the Markdown would be longer.</exception>
    public static string Write(ParsedDocument document, int maxCharacters)
    {
        var markdown = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block.Kind)
            {
                case BlockKind.PageHeader or BlockKind.PageFooter:
                    continue;
                case BlockKind.Title:
                    markdown.Append("# ").AppendLine(OneLine(block.Text));
                    break;
                case BlockKind.Heading:
                    markdown.Append('#', Math.Clamp((block.Level ?? 1) + 1, 2, 6)).Append(' ').AppendLine(OneLine(block.Text));
                    break;
                case BlockKind.ListItem:
                    markdown.Append(' ', 2 * Math.Max((block.Level ?? 1) - 1, 0)).Append("- ").AppendLine(OneLine(block.Text));
                    break;
                case BlockKind.Note:
                    markdown.Append("> ").AppendLine(block.Text.Replace("\n", "\n> ", StringComparison.Ordinal));
                    break;
                case BlockKind.Caption:
                    markdown.Append('*').Append(OneLine(block.Text)).AppendLine("*");
                    break;
                case BlockKind.Table when block.Rows is { Count: > 0 } rows:
                    WriteTable(markdown, rows, maxCharacters);
                    break;
                default:
                    markdown.AppendLine(block.Text);
                    break;
            }

            markdown.AppendLine();
            if (markdown.Length > maxCharacters)
            {
                throw TooLong(maxCharacters);
            }
        }

        return markdown.ToString();
    }

    /// <summary>Rows as <c>| a | b |</c>, each padded with empty cells to the widest row (spans included); a rule after the first.</summary>
    private static void WriteTable(StringBuilder markdown, IReadOnlyList<TableRow> rows, int maxCharacters)
    {
        var columns = TableGrid.Columns(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            // Checked before drawing: the padding alone can be what crosses the limit.
            var length = 2 + rows[i].Cells.Sum(c => (long)c.Text.Length) + (3 * columns) + (i == 0 ? 2 + (6 * columns) : 0);
            if (markdown.Length + length > maxCharacters)
            {
                throw TooLong(maxCharacters);
            }

            markdown.Append('|');
            long drawn = 0;
            foreach (var cell in rows[i].Cells)
            {
                markdown.Append(' ').Append(Escape(cell.Text)).Append(" |");
                for (var span = 1; span < cell.ColumnSpan; span++)
                {
                    markdown.Append("  |");
                }

                drawn += Math.Max(1, cell.ColumnSpan);
            }

            for (; drawn < columns; drawn++)
            {
                markdown.Append("  |");
            }

            markdown.AppendLine();
            if (i == 0)
            {
                markdown.Append('|');
                for (var column = 0; column < columns; column++)
                {
                    markdown.Append(" --- |");
                }

                markdown.AppendLine();
            }
        }
    }

    private static DocumentParseException TooLong(int maxCharacters) => new(ParseFailure.DocumentTooLarge,
        $"The document as Markdown would be longer than the limit of {maxCharacters:N0} characters (tables are padded to their widest row).");

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    private static string OneLine(string text) => text.Replace('\n', ' ');
}
