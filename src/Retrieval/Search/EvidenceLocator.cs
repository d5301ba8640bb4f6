using System.Text.RegularExpressions;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;

namespace Folio.Retrieval.Search;

/// <summary>
/// Points a search hit at the sentence of its chunk that shares the most query words (ties: the
/// earliest), located in the document's text and, for PDFs, boxed on its page. A chunk's text ends
/// with its span of the document text (a table continuation chunk prefixes the header row), so a
/// sentence's offset in the chunk maps back to the document exactly.
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
        foreach (Match sentence in SentencePattern().Matches(chunk.Text))
        {
            if (sentence.Index < prefix)
            {
                continue;
            }

            var score = Words(sentence.Value).Distinct(StringComparer.Ordinal).Count(terms.Contains);
            if (score > best)
            {
                (best, offset, length) = (score, sentence.Index, sentence.Length);
            }
        }

        var start = chunk.Start + offset - prefix;
        var end = start + length;
        var located = files.FindBox(chunk.DocumentId, start, end);
        return new Evidence(chunk.DocumentId, chunk.FileName, located?.Page ?? chunk.Page, chunk.ChunkId, start, end,
            chunk.Text.Substring(offset, length), "exact", located?.Box);
    }

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length > 2);

    // A sentence runs to ., ! or ? followed by space, or to a line break; trailing spaces excluded.
    [GeneratedRegex(@"[^\s][^\n]*?(?:[.!?](?=\s)|(?=\n)|$)", RegexOptions.Multiline)]
    private static partial Regex SentencePattern();

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();
}
