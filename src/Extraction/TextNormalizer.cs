using System.Globalization;
using System.Text;

namespace Folio.Extraction;

/// <summary>
/// The one normalisation every parser applies to block text, so offsets stay exact:
/// Unicode NFKC (ligatures such as "ﬁ" become "fi"), invisible characters removed,
/// other control and space characters made a plain space, runs of spaces collapsed,
/// spaces around line breaks dropped, and the ends trimmed. Idempotent.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalises one block's (or one word's) text.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        var composed = text.IsNormalized(NormalizationForm.FormKC) ? text : Compose(text);
        var result = new StringBuilder(composed.Length);
        var pendingSpace = false;
        foreach (var c in composed)
        {
            if (IsInvisible(c))
            {
                continue;
            }

            if (c == '\n')
            {
                TrimTrailingSpace(result);
                pendingSpace = false;
                if (result.Length > 0)
                {
                    result.Append('\n');
                }

                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = result.Length > 0 && result[^1] != '\n';
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(c);
        }

        while (result.Length > 0 && result[^1] == '\n')
        {
            result.Length--;
        }

        return result.ToString();
    }

    private static string Compose(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates (broken font encodings) cannot be normalised: drop them and retry.
            var cleaned = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsSurrogatePair(text, i))
                {
                    cleaned.Append(text, i++, 2);
                }
                else if (!char.IsSurrogate(text[i]))
                {
                    cleaned.Append(text[i]);
                }
            }

            return cleaned.ToString().Normalize(NormalizationForm.FormKC);
        }
    }

    private static void TrimTrailingSpace(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
    }

    private static bool IsInvisible(char c) =>
        c is '\u00AD' or '\uFEFF' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\0' or '\uFFFE' or '\uFFFF'
        || char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
