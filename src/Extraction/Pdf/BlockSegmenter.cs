namespace Folio.Extraction.Pdf;

/// <summary>
/// Groups lines (from <see cref="LineBuilder"/>, top to bottom) into paragraph-like blocks. A line
/// continues the open block directly above it when (1) the baseline step is at most
/// <see cref="MaxLeadingEms"/> font sizes and not much wider than the block's own line spacing so far,
/// (2) the font size differs by under 15 % and boldness matches (so headings stand alone), and
/// (3) it overlaps the block horizontally (so columns stay apart), and (4) it does not open a list item
/// (<see cref="ListItemMarker"/>) at or left of the block's left edge. Of several candidates the nearest wins.
/// </summary>
internal static class BlockSegmenter
{
    private const double MaxLeadingEms = 1.6;
    private const double SizeRatio = 1.15;

    public static List<LayoutBlock> Segment(List<TextLine> lines)
    {
        var blocks = new List<LayoutBlock>();
        var open = new List<LayoutBlock>();
        foreach (var line in lines)
        {
            var opensItem = ListItemMarker.IsMarker(line.Words[0].Text) && line.Words.Count > 1;
            LayoutBlock? best = null;
            var bestStep = double.MaxValue;
            for (var i = open.Count - 1; i >= 0; i--)
            {
                var block = open[i];
                var last = block.Last;
                var step = last.Baseline - line.Baseline;
                var size = Math.Max(last.FontSize, line.FontSize);

                // Blocks far above can no longer grow: drop them from the search.
                if (step > 3 * size)
                {
                    open.RemoveAt(i);
                    continue;
                }

                if (step <= 0.3 * size || step > MaxLeadingEms * size || step >= bestStep
                    || !SimilarFont(last, line) || !Overlaps(block.Box, line.Box)
                    || !KeepsSpacing(block, step)
                    || (opensItem && line.Box.X0 <= block.Box.X0 + line.FontSize))
                {
                    continue;
                }

                best = block;
                bestStep = step;
            }

            if (best is null)
            {
                best = new LayoutBlock(line);
                blocks.Add(best);
                open.Add(best);
            }
            else
            {
                best.Add(line);
            }
        }

        return blocks;
    }

    private static bool SimilarFont(TextLine a, TextLine b) =>
        a.Bold == b.Bold && Math.Max(a.FontSize, b.FontSize) <= SizeRatio * Math.Min(a.FontSize, b.FontSize);

    private static bool Overlaps(BoundingBox a, BoundingBox b) => Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0) > 0;

    // A paragraph gap is usually a wider baseline step than the lines before it.
    private static bool KeepsSpacing(LayoutBlock block, double step)
    {
        var lines = block.Lines;
        if (lines.Count < 2)
        {
            return true;
        }

        var previous = lines[^2].Baseline - lines[^1].Baseline;
        return step <= previous * 1.3 + 0.5;
    }
}
