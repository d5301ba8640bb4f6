using System.Text.RegularExpressions;
using Folio.Extraction;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;

namespace Folio.Retrieval.Search;

/// <summary>
/// Points a search hit at the sentence of its chunk that shares the most query words (ties: the
/// earliest), located in the document's text and, for PDFs, boxed on its page. A sentence may run
/// over line breaks (PDF lines are soft) but not over a blank line; a table row (cells joined by
/// <see cref="TableRow.CellSeparator"/>) is a unit of its own. A chunk's text ends with its span of
/// the document text (a table continuation chunk prefixes the header row), so a unit's offset in the
/// chunk maps back to the document exactly. With no shared word, the whole chunk is the evidence.
/// </summary>
public sealed partial class EvidenceLocator(DocumentFiles files)
{
    /// <summary>The evidence for <paramref name="chunk"/> as an answer to <paramref name="query"/>.</summary>
    public Evidence Locate(IndexedChunk chunk, string query)
    {
        var terms = Words(query).ToHashSet(StringComparer.Ordinal);
        var (start, end) = (chunk.Start, chunk.End);
        var best = 0;
        foreach (var unit in Units(chunk))
        {
            var score = Words(unit.Quote).Distinct(StringComparer.Ordinal).Count(terms.Contains);
            if (score > best)
            {
                (best, start, end) = (score, unit.Start, unit.End);
            }
        }

        return At(chunk, start, end);
    }

    /// <summary>
    /// The sentences and table rows of <paramref name="chunk"/>'s own span, in order, as document
    /// offsets and their text; the candidates an answer is chosen from.
    /// </summary>
    public IEnumerable<(int Start, int End, string Quote)> Units(IndexedChunk chunk)
    {
        var prefix = Prefix(chunk);
        foreach (var (offset, length) in Units(chunk.Text, prefix))
        {
            var start = chunk.Start + offset - prefix;
            yield return (start, start + length, chunk.Text.Substring(offset, length));
        }
    }

    /// <summary>The evidence for the document span [<paramref name="start"/>, <paramref name="end"/>) inside <paramref name="chunk"/>, boxed on its page for PDFs.</summary>
    public Evidence At(IndexedChunk chunk, int start, int end)
    {
        var prefix = Prefix(chunk);
        var located = files.FindBox(chunk.DocumentId, start, end);
        return new Evidence(chunk.DocumentId, chunk.FileName, located?.Page ?? chunk.Page, chunk.ChunkId, start, end,
            chunk.Text.Substring(start - chunk.Start + prefix, end - start), "exact", located?.Box);
    }

    // A table continuation chunk starts with the header row, which is not part of its span.
    private static int Prefix(IndexedChunk chunk) => Math.Max(chunk.Text.Length - (chunk.End - chunk.Start), 0);

    /// <summary>Sentences and table rows of <paramref name="text"/> at or after <paramref name="from"/>, as (offset, length).</summary>
    private static IEnumerable<(int Offset, int Length)> Units(string text, int from)
    {
        foreach (Match paragraph in ParagraphPattern().Matches(text, from))
        {
            if (paragraph.Value.Contains(TableRow.CellSeparator, StringComparison.Ordinal))
            {
                foreach (Match row in RowPattern().Matches(paragraph.Value))
                {
                    yield return (paragraph.Index + row.Index, row.Length);
                }

                continue;
            }

            foreach (Match sentence in SentencePattern().Matches(paragraph.Value))
            {
                yield return (paragraph.Index + sentence.Index, sentence.Length);
            }
        }
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length > 2);

    // Text between blank lines.
    [GeneratedRegex(@"[^\n](?:[^\n]|\n(?!\n))*")]
    private static partial Regex ParagraphPattern();

    // One line.
    [GeneratedRegex(@"[^\n]+")]
    private static partial Regex RowPattern();

    // A sentence starts at a non-space and runs to ., ! or ? followed by whitespace, or to the end.
    [GeneratedRegex(@"\S[\s\S]*?(?:[.!?](?=\s)|$)")]
    private static partial Regex SentencePattern();

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();
}
