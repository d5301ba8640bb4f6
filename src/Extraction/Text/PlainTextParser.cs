namespace Folio.Extraction.Text;

/// <summary>
/// Plain text: paragraphs are runs of lines separated by blank lines; lines inside a paragraph are
/// joined with spaces unless the paragraph looks preformatted (indented or ragged), where the line
/// breaks carry meaning. A form feed starts a new page.
/// </summary>
internal sealed class PlainTextParser(ParsingOptions options) : IDocumentParser
{
    public DocumentFormat Format => DocumentFormat.Text;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var text = TextDecoding.ReadAll(content);
        var builder = new ParsedDocumentBuilder(fileName, "text/plain");
        var page = 1;
        foreach (var pageText in text.Split('\f'))
        {
            foreach (var paragraph in Paragraphs(pageText))
            {
                cancellationToken.ThrowIfCancellationRequested();
                builder.Add(BlockKind.Paragraph, paragraph, page);
                if (builder.TextLength > options.MaxTextCharacters)
                {
                    throw new DocumentParseException(ParseFailure.DocumentTooLarge, "The text is longer than the configured limit.");
                }
            }

            page++;
        }

        builder.Pages = page - 1;
        return builder.Build();
    }

    /// <summary>Splits text into paragraphs at blank lines.</summary>
    internal static IEnumerable<string> Paragraphs(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.Trim().Length == 0)
            {
                if (lines.Count > 0)
                {
                    yield return JoinLines(lines);
                    lines.Clear();
                }

                continue;
            }

            lines.Add(raw.TrimEnd());
        }

        if (lines.Count > 0)
        {
            yield return JoinLines(lines);
        }
    }

    private static string JoinLines(List<string> lines)
    {
        var preformatted = lines.Count > 1 && lines.Skip(1).Any(l => l.StartsWith("  ", StringComparison.Ordinal) || l.StartsWith('\t'));
        return string.Join(preformatted ? "\n" : " ", lines);
    }
}
