namespace Folio.Extraction.Pdf;

/// <summary>
/// Recognises the marker that opens a list item: a bullet glyph (•, ◦, ▪, ‣, ∙, –, *, …) or a short
/// enumerator ("1.", "2)", "(a)", "iv.", "b)"). Used by <see cref="BlockSegmenter"/> to start a new block
/// at each item and by the parser to mark such blocks <see cref="BlockKind.ListItem"/>.
/// </summary>
internal static class ListItemMarker
{
    public static bool IsMarker(string word)
    {
        if (word.Length == 1)
        {
            return word[0] is '•' or '◦' or '▪' or '▫' or '‣' or '∙' or '·' or '–' or '—' or '*' or '○' or '■' or '□' or '►' or '➢' or '✓';
        }

        if (word.Length > 5)
        {
            return false;
        }

        // "(a)", "(12)"
        if (word[0] == '(' && word[^1] == ')')
        {
            return IsEnumerator(word.AsSpan(1, word.Length - 2));
        }

        return word[^1] is '.' or ')' && IsEnumerator(word.AsSpan(0, word.Length - 1));
    }

    private static bool IsEnumerator(ReadOnlySpan<char> value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        var digits = true;
        foreach (var c in value)
        {
            digits &= char.IsAsciiDigit(c);
        }

        if (digits)
        {
            return value.Length <= 3;
        }

        if (value.Length == 1)
        {
            return char.IsAsciiLetterLower(value[0]);
        }

        foreach (var c in value)
        {
            if (c is not ('i' or 'v' or 'x'))
            {
                return false;
            }
        }

        return true;
    }
}
