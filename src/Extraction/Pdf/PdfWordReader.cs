using UglyToad.PdfPig.Content;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Reads a page's words with PdfPig's default word extractor (the fastest one that still splits words
/// on pdfTeX files, whose <c>page.Text</c> has no spaces) and normalises each word with
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
        foreach (var word in page.GetWords())
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

            var letters = word.Letters;
            var first = letters[0];
            var r = word.BoundingBox;
            var box = new BoundingBox(
                Math.Min(r.Left, r.Right), Math.Min(r.Bottom, r.Top), Math.Max(r.Left, r.Right), Math.Max(r.Bottom, r.Top));
            var size = first.PointSize > 0 ? first.PointSize : Math.Max(box.Y1 - box.Y0, 1);
            var baseline = word.TextOrientation == TextOrientation.Horizontal ? first.StartBaseLine.Y : box.Y0;
            result.Add(new PdfWord(text, box, baseline, size, IsBold(first)));
        }

        return result;
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
