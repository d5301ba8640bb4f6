namespace Folio.Retrieval.Index;

/// <summary>
/// The distinct search terms of a keyword query: words as the index folds them (lower case, no
/// diacritics), without English stop words. Stop words stay in the index (a phrase or a chunk of them is
/// still found); they are only left out of queries, where they match nearly every chunk and rank nothing.
/// A query of stop words alone keeps them, so "to be or not to be" still searches.
/// </summary>
internal static class QueryTerms
{
    /// <summary>Distinct terms considered per query; a 32k-character query by example holds a few thousand.</summary>
    public const int MaxDistinct = 4_096;

    /// <summary>The query's distinct terms in order of first appearance, stop words left out unless nothing else remains.</summary>
    public static List<string> Of(string query)
    {
        var distinct = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in WordTokens.Normalized(query))
        {
            if (distinct.Count < MaxDistinct && seen.Add(word))
            {
                distinct.Add(word);
            }
        }

        var content = distinct.Where(w => !EnglishStopWords.Contains(w)).ToList();
        return content.Count > 0 ? content : distinct;
    }
}
