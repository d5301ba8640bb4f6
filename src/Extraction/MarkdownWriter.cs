using System.Text;

namespace Folio.Extraction;

/// <summary>Renders a parsed document as Markdown: headings, lists, pipe tables, notes as quotes; running headers and footers left out.</summary>
public static class MarkdownWriter
{
    /// <summary>The document as Markdown.</summary>
    public static string Write(ParsedDocument document)
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
                    WriteTable(markdown, rows);
                    break;
                default:
                    markdown.AppendLine(block.Text);
                    break;
            }

            markdown.AppendLine();
        }

        return markdown.ToString();
    }

    private static void WriteTable(StringBuilder markdown, IReadOnlyList<TableRow> rows)
    {
        var columns = rows.Max(r => r.Cells.Sum(c => c.ColumnSpan));
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Cells.SelectMany(c => Enumerable.Repeat(Escape(c.Text), 1).Concat(Enumerable.Repeat(string.Empty, c.ColumnSpan - 1))).ToList();
            cells.AddRange(Enumerable.Repeat(string.Empty, columns - cells.Count));
            markdown.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");
            if (i == 0)
            {
                markdown.Append('|').AppendJoin('|', Enumerable.Repeat(" --- ", columns)).AppendLine("|");
            }
        }
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    private static string OneLine(string text) => text.Replace('\n', ' ');
}
