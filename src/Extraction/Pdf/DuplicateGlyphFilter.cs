using UglyToad.PdfPig.Content;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Drops glyphs drawn twice at (nearly) the same place: "fake bold" (the same text painted again offset
/// by a fraction of a point) and overlapping copies of a whole text read as "AA aanndd BB". As in poppler's
/// text output, a letter is a duplicate when an earlier letter with the same value starts within about a
/// point of it; letters are bucketed on a 1-point grid (the neighbouring columns are looked up too), so the
/// check is one hash lookup or three per letter.
/// </summary>
internal static class DuplicateGlyphFilter
{
    public static IReadOnlyList<Letter> Filter(IReadOnlyList<Letter> letters, out bool anyRotated)
    {
        anyRotated = false;
        List<Letter>? kept = null;
        var seen = new HashSet<(string Value, long X, long Y)>(letters.Count);
        for (var i = 0; i < letters.Count; i++)
        {
            var letter = letters[i];
            anyRotated |= letter.TextOrientation != TextOrientation.Horizontal;
            var x = (long)Math.Round(letter.StartBaseLine.X);
            var y = (long)Math.Round(letter.StartBaseLine.Y);
            var duplicate = letter.Value.Length > 0 && letter.Value != " "
                && (!seen.Add((letter.Value, x, y)) || seen.Contains((letter.Value, x - 1, y)) || seen.Contains((letter.Value, x + 1, y)));
            if (duplicate && IsNearEarlier(letters, i))
            {
                if (kept is null)
                {
                    kept = new List<Letter>(letters.Count);
                    for (var j = 0; j < i; j++)
                    {
                        kept.Add(letters[j]);
                    }
                }

                continue;
            }

            kept?.Add(letter);
        }

        return kept ?? letters;
    }

    // The grid is coarse; confirm that some earlier copy really lies within a point (rare path).
    private static bool IsNearEarlier(IReadOnlyList<Letter> letters, int i)
    {
        var letter = letters[i];
        for (var j = i - 1; j >= 0; j--)
        {
            var other = letters[j];
            if (other.Value == letter.Value
                && Math.Abs(other.StartBaseLine.X - letter.StartBaseLine.X) <= 1.0
                && Math.Abs(other.StartBaseLine.Y - letter.StartBaseLine.Y) <= 0.5)
            {
                return true;
            }
        }

        return false;
    }
}
