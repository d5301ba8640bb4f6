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
        var spanLength = chunk.End - chunk.Start;
        var prefix = Math.Max(chunk.Text.Length - spanLength, 0);
        var terms = Words(query).ToHashSet(StringComparer.Ordinal);
        var (offset, length) = (prefix, chunk.Text.Length - prefix);
        var best = 0;
        foreach (var (unitOffset, unitLength) in Units(chunk.Text, prefix))
        {
            var score = Words(chunk.Text.Substring(unitOffset, unitLength)).Distinct(StringComparer.Ordinal).Count(terms.Contains);
            if (score > best)
            {
                (best, offset, length) = (score, unitOffset, unitLength);
            }
        }

        var start = chunk.Start + offset - prefix;
        var end = start + length;
        var located = files.FindBox(chunk.DocumentId, start, end);
        return new Evidence(chunk.DocumentId, chunk.FileName, located?.Page ?? chunk.Page, chunk.ChunkId, start, end,
            chunk.Text.Substring(offset, length), "exact", located?.Box);
    }

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
