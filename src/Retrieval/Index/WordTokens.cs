using System.Globalization;
using System.Text;

namespace Folio.Retrieval.Index;

/// <summary>
/// Splits text into words the way FTS5's <c>unicode61 remove_diacritics 2</c> tokenizer roughly does:
/// runs of letters, digits and combining marks; everything else separates.
/// </summary>
internal static class WordTokens
{
    /// <summary>The words of <paramref name="text"/> as written.</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordRune(rune, word.Length > 0))
            {
                word.Append(rune.ToString());
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>The words lower-cased and without diacritics, so "Résumé" and "resume" are one term.</summary>
    public static List<string> Normalized(string text)
    {
        var words = Split(text);
        for (var i = 0; i < words.Count; i++)
        {
            words[i] = Fold(words[i]);
        }

        words.RemoveAll(w => w.Length == 0);
        return words;
    }

    private static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsWordRune(Rune rune, bool insideWord) =>
        Rune.IsLetterOrDigit(rune)
        || (insideWord && Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
}
