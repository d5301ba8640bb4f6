using System.Buffers;

namespace Folio.Extraction.Text;

/// <summary>
/// Plain text: paragraphs are runs of lines separated by blank lines; lines inside a paragraph are
/// joined with spaces unless the paragraph looks preformatted (indented or ragged), where the line
/// breaks carry meaning. A form feed starts a new page.
/// </summary>
internal sealed class PlainTextParser(ParsingOptions options) : IDocumentParser
{
    private static readonly SearchValues<char> LineEndings = SearchValues.Create("\r\n\f\u0085\u2028\u2029");

    public DocumentFormat Format => DocumentFormat.Text;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var text = TextDecoding.ReadAll(content);
        var builder = new ParsedDocumentBuilder(fileName, "text/plain");
        var page = 1;
        foreach (var pageText in Split(text, '\f'))
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
        foreach (var raw in Lines(text))
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

    /// <summary>The pieces between separators, one at a time: never an array of them all, which for a file of short lines weighs many times the file.</summary>
    private static IEnumerable<string> Split(string text, char separator)
    {
        var start = 0;
        int next;
        while ((next = text.IndexOf(separator, start)) >= 0)
        {
            yield return text[start..next];
            start = next + 1;
        }

        yield return text[start..];
    }

    /// <summary>Lines at any line ending <see cref="string.ReplaceLineEndings()"/> knows (CR, LF, CRLF, NEL, LS, PS, FF), one at a time.</summary>
    private static IEnumerable<string> Lines(string text)
    {
        var start = 0;
        int length;
        while ((length = text.AsSpan(start).IndexOfAny(LineEndings)) >= 0)
        {
            var end = start + length;
            yield return text[start..end];
            start = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        }

        yield return text[start..];
    }

    private static string JoinLines(List<string> lines)
    {
        var preformatted = lines.Count > 1 && lines.Skip(1).Any(l => l.StartsWith("  ", StringComparison.Ordinal) || l.StartsWith('\t'));
        return string.Join(preformatted ? "\n" : " ", lines);
    }
}
