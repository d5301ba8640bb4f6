using System.Collections.Frozen;

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

    /// <summary>NLTK's English stop-word list (179 words; contraction fragments such as "s" and "t" included), https://www.nltk.org/ corpora <c>stopwords/english</c>.</summary>
    private static readonly FrozenSet<string> StopWords = new[]
    {
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
        "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was",
        "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and",
        "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between",
        "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
        "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any",
        "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so",
        "than", "too", "very", "s", "t", "can", "will", "just", "don", "should", "now", "d", "ll", "m", "o", "re", "ve", "y",
        "ain", "aren", "couldn", "didn", "doesn", "hadn", "hasn", "haven", "isn", "ma", "mightn", "mustn", "needn", "shan",
        "shouldn", "wasn", "weren", "won", "wouldn",
    }.ToFrozenSet(StringComparer.Ordinal);

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

        var content = distinct.Where(w => !StopWords.Contains(w)).ToList();
        return content.Count > 0 ? content : distinct;
    }
}
