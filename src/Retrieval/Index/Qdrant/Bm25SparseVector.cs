using System.Text;

namespace Folio.Retrieval.Index.Qdrant;

/// <summary>
/// Sparse vectors for Qdrant keyword search, approximating Okapi BM25 (Robertson and Zaragoza, "The
/// Probabilistic Relevance Framework: BM25 and Beyond", 2009). A document's weight for term t is BM25's
/// saturated term frequency tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl)), computed here; the IDF factor is
/// applied by Qdrant at query time (<c>Modifier.Idf</c> on the sparse vector); the query has weight 1 per
/// distinct term. Deviations: avgdl is a constant (<see cref="AverageLength"/>, FastEmbed's default) rather
/// than the collection's running mean, and terms are FNV-1a hashes of lower-cased, diacritic-free words, so
/// rare collisions merge two terms.
/// </summary>
internal static class Bm25SparseVector
{
    /// <summary>Term-frequency saturation. BM25's usual value.</summary>
    public const double K1 = 1.2;

    /// <summary>Length normalisation. BM25's usual value.</summary>
    public const double B = 0.75;

    /// <summary>Assumed mean chunk length in words.</summary>
    public const double AverageLength = 256;

    /// <summary>The weighted terms of a chunk's text.</summary>
    public static (float[] Values, uint[] Indices) Document(string text)
    {
        var words = WordTokens.Normalized(text);
        var counts = new Dictionary<uint, int>();
        foreach (var word in words)
        {
            var term = Term(word);
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        var norm = K1 * (1 - B + (B * words.Count / AverageLength));
        var indices = counts.Keys.Order().ToArray();
        var values = indices.Select(t => (float)(counts[t] * (K1 + 1) / (counts[t] + norm))).ToArray();
        return (values, indices);
    }

    /// <summary>The distinct terms of a query (stop words left out, see <see cref="QueryTerms"/>), weight 1 each; empty when the query has no words.</summary>
    public static (float[] Values, uint[] Indices) Query(string text)
    {
        var indices = QueryTerms.Of(text).Select(Term).Distinct().Order().ToArray();
        return (indices.Select(_ => 1f).ToArray(), indices);
    }

    /// <summary>FNV-1a (32-bit) of the word's UTF-8 bytes: stable across processes and versions, unlike string.GetHashCode.</summary>
    internal static uint Term(string word)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(word))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
