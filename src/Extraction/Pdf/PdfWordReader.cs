using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Util;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Reads a page's words with PdfPig's default word extractor (the fastest one that still splits words
/// on pdfTeX files, whose <c>page.Text</c> has no spaces), or with its nearest-neighbour extractor on
/// pages with rotated letters (the default one splits vertical text into single letters), after dropping
/// duplicate glyphs (<see cref="DuplicateGlyphFilter"/>), and normalises each word with
/// <see cref="TextNormalizer"/>, so block text joined from them stays normalised and offsets exact.
/// </summary>
/// <remarks>
/// Words whose text is only U+FFFD (glyphs the font maps to no Unicode) are dropped: they carry no
/// searchable text and would only pollute chunks and embeddings; the count is reported as a warning.
/// A leading combining mark (pdfTeX sets some accents as separate glyphs) is dropped from a word, because
/// NFKC would compose it with the separator before it and break the "already normalised" invariant.
/// </remarks>
internal static class PdfWordReader
{
    public static List<PdfWord> Read(Page page, out int unmappedWords)
    {
        unmappedWords = 0;
        var result = new List<PdfWord>();
        var letters = DuplicateGlyphFilter.Filter(page.Letters, out var anyRotated);
        var words = anyRotated
            ? NearestNeighbourWordExtractor.Instance.GetWords(letters)
            : DefaultWordExtractor.Instance.GetWords(letters);
        foreach (var word in words)
        {
            var text = Clean(word.Text);
            if (text.Length == 0)
            {
                continue;
            }

            if (IsUnmapped(text))
            {
                unmappedWords++;
                continue;
            }

            var first = word.Letters[0];
            var r = word.BoundingBox;
            var direction = Direction(first);
            var pageBox = Bounds(r.BottomLeft, r.BottomRight, r.TopLeft, r.TopRight, 0);
            var box = Bounds(r.BottomLeft, r.BottomRight, r.TopLeft, r.TopRight, direction);
            var size = first.PointSize > 0 ? first.PointSize : Math.Max(box.Y1 - box.Y0, 1);
            var baseline = Rotate(first.StartBaseLine, direction).Y;
            result.Add(new PdfWord(text, box, pageBox, baseline, size, IsBold(first), direction));
        }

        return result;
    }

    // Quarter turns of the letter's baseline, counter-clockwise from upright.
    private static int Direction(Letter letter)
    {
        var dx = letter.EndBaseLine.X - letter.StartBaseLine.X;
        var dy = letter.EndBaseLine.Y - letter.StartBaseLine.Y;
        if (dx == 0 && dy == 0)
        {
            return 0;
        }

        var quarter = (int)Math.Round(Math.Atan2(dy, dx) / (Math.PI / 2));
        return ((quarter % 4) + 4) % 4;
    }

    // Into the frame where text of this direction runs left to right: rotate by -direction quarter turns.
    private static PdfPoint Rotate(PdfPoint p, int direction) => direction switch
    {
        1 => new PdfPoint(p.Y, -p.X),
        2 => new PdfPoint(-p.X, -p.Y),
        3 => new PdfPoint(-p.Y, p.X),
        _ => p,
    };

    private static BoundingBox Bounds(PdfPoint a, PdfPoint b, PdfPoint c, PdfPoint d, int direction)
    {
        a = Rotate(a, direction);
        b = Rotate(b, direction);
        c = Rotate(c, direction);
        d = Rotate(d, direction);
        return new BoundingBox(
            Math.Min(Math.Min(a.X, b.X), Math.Min(c.X, d.X)), Math.Min(Math.Min(a.Y, b.Y), Math.Min(c.Y, d.Y)),
            Math.Max(Math.Max(a.X, b.X), Math.Max(c.X, d.X)), Math.Max(Math.Max(a.Y, b.Y), Math.Max(c.Y, d.Y)));
    }

    private static string Clean(string raw)
    {
        var text = TextNormalizer.Normalize(raw);
        var skip = 0;
        while (skip < text.Length && char.GetUnicodeCategory(text[skip]) == System.Globalization.UnicodeCategory.NonSpacingMark)
        {
            skip++;
        }

        return skip == 0 ? text : TextNormalizer.Normalize(text[skip..]);
    }

    private static bool IsUnmapped(string text)
    {
        foreach (var c in text)
        {
            if (c != '\uFFFD' && c != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBold(Letter letter)
    {
        if (letter.FontDetails is { IsBold: true })
        {
            return true;
        }

        var name = letter.FontName;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        // Subset fonts are named "ABCDEF+Font-Bold"; Computer Modern bold is CMBX/SFBX, with no "Bold" in the name.
        var plus = name.IndexOf('+', StringComparison.Ordinal);
        var baseName = plus >= 0 ? name.AsSpan(plus + 1) : name.AsSpan();
        return baseName.Contains("bold", StringComparison.OrdinalIgnoreCase)
            || baseName.Contains("black", StringComparison.OrdinalIgnoreCase)
            || baseName.Contains("heavy", StringComparison.OrdinalIgnoreCase)
            || baseName.StartsWith("CMBX", StringComparison.Ordinal)
            || baseName.StartsWith("SFBX", StringComparison.Ordinal);
    }
}
