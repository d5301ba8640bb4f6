namespace Folio.Extraction.Pdf;

/// <summary>
/// Groups a page's words into lines: words are sorted by baseline (top first) and a word joins the
/// current row while its baseline is within half a font size of the row's first word (so superscripts
/// stay on their line); each row is then sorted left to right and split where the gap between two words
/// is wider than <see cref="ColumnGapEms"/> font sizes, so the lines of side-by-side columns and table
/// cells come out as separate lines. A plain sort-and-sweep, O(n log n), instead of PdfPig's Docstrum
/// (which ran at 0.6–0.7× the speed of pdftotext on our reference file; see PACKAGES.md).
/// </summary>
internal static class LineBuilder
{
    /// <summary>Gap between words, in font sizes, taken as a column or cell boundary.</summary>
    public const double ColumnGapEms = 1.5;

    private const double BaselineToleranceEms = 0.5;

    public static List<TextLine> Build(List<PdfWord> words)
    {
        var lines = new List<TextLine>();
        if (words.Count == 0)
        {
            return lines;
        }

        // 1. Top to bottom by baseline, then left to right.
        var sorted = words.ToArray();
        Array.Sort(sorted, static (a, b) =>
        {
            var byBaseline = b.Baseline.CompareTo(a.Baseline);
            return byBaseline != 0 ? byBaseline : a.Box.X0.CompareTo(b.Box.X0);
        });

        // 2. Rows of words on (nearly) the same baseline.
        var row = new List<PdfWord>();
        var rowBaseline = sorted[0].Baseline;
        var rowSize = sorted[0].FontSize;
        foreach (var word in sorted)
        {
            var tolerance = BaselineToleranceEms * Math.Min(rowSize, word.FontSize);
            if (row.Count > 0 && rowBaseline - word.Baseline > tolerance)
            {
                SplitRow(row, lines);
                row.Clear();
            }

            if (row.Count == 0)
            {
                rowBaseline = word.Baseline;
                rowSize = word.FontSize;
            }

            row.Add(word);
        }

        SplitRow(row, lines);
        return lines;
    }

    // 3. Left to right, cut at column-sized gaps.
    private static void SplitRow(List<PdfWord> row, List<TextLine> lines)
    {
        row.Sort(static (a, b) => a.Box.X0.CompareTo(b.Box.X0));
        var current = new List<PdfWord> { row[0] };
        var right = row[0].Box.X1;
        for (var i = 1; i < row.Count; i++)
        {
            var word = row[i];
            var gap = word.Box.X0 - right;
            if (gap > ColumnGapEms * Math.Min(word.FontSize, current[^1].FontSize))
            {
                lines.Add(new TextLine(current));
                current = [];
            }

            current.Add(word);
            right = Math.Max(right, word.Box.X1);
        }

        lines.Add(new TextLine(current));
    }
}
