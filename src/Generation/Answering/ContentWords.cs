using System.Text.RegularExpressions;

namespace Folio.Generation.Answering;

/// <summary>
/// The words of a text that carry its meaning (no stop words, lower-cased, cut to five letters as a
/// cheap stemmer), for comparing a question or an answer sentence with a source.
/// </summary>
internal static partial class ContentWords
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "was", "were", "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "did", "does", "doing", "has", "have", "had", "that", "this", "these", "those", "with", "from", "into", "than",
        "then", "there", "their", "they", "them", "its", "his", "her", "him", "she", "you", "your", "our", "not", "but",
        "can", "could", "would", "should", "will", "shall", "may", "might", "been", "being", "about", "many", "much",
        "name", "called", "also", "some", "any", "all", "one", "use", "used", "most", "more", "other",
    };

    /// <summary>The content words of <paramref name="text"/>, stemmed.</summary>
    public static IEnumerable<string> Of(string text) =>
        WordPattern().Matches(text)
            .Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length > 2 && !StopWords.Contains(w))
            .Select(Stem);

    /// <summary>The share of <paramref name="terms"/> found among the content words of <paramref name="text"/>; 0 when there are no terms.</summary>
    public static double Share(IReadOnlySet<string> terms, string text)
    {
        if (terms.Count == 0)
        {
            return 0;
        }

        var words = Of(text).ToHashSet(StringComparer.Ordinal);
        return terms.Count(words.Contains) / (double)terms.Count;
    }

    public static string Stem(string word) => word.Length > 5 ? word[..5] : word;

    /// <summary>Whether <paramref name="text"/> has a word at all.</summary>
    public static bool HasWord(string text) => WordPattern().IsMatch(text);

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();
}
