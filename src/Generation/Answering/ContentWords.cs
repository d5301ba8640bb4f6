using System.Text.RegularExpressions;
using Folio.Retrieval;

namespace Folio.Generation.Answering;

/// <summary>
/// The words of a text that carry its meaning (no stop words, lower-cased, cut to five letters as a
/// cheap stemmer), for comparing a question or an answer sentence with a source.
/// </summary>
internal static partial class ContentWords
{
    // Words a question is phrased with that say nothing about its answer, beyond the stop words.
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "many", "much", "name", "called", "also", "one", "use", "used", "could", "would", "shall", "may", "might",
    };

    /// <summary>The content words of <paramref name="text"/>, stemmed.</summary>
    public static IEnumerable<string> Of(string text) =>
        WordPattern().Matches(text)
            .Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length > 2 && !EnglishStopWords.Contains(w) && !QuestionWords.Contains(w))
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
