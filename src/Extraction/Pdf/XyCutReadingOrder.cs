namespace Folio.Extraction.Pdf;

/// <summary>
/// Orders a page's blocks for reading with a recursive X-Y cut (Nagy &amp; Seth, "Hierarchical
/// representation of optically scanned documents", 1984), applied to block boxes instead of pixels.
/// Deviations: a vertical cut (a gutter running the full height of the region) is preferred, so columns
/// are read one after the other; otherwise the region is cut horizontally at its widest gap only (at every
/// gap when the region is large, to bound the recursion), so that paragraph gaps which happen to line up
/// across two columns do not interleave them. A region with no gap is read top to bottom, left to right.
/// </summary>
internal static class XyCutReadingOrder
{
    private const double MinGap = 1.0;
    private const int CutAllGapsAbove = 64;

    public static List<LayoutBlock> Order(List<LayoutBlock> blocks)
    {
        var result = new List<LayoutBlock>(blocks.Count);
        Cut(blocks, result, 0);
        return result;
    }

    private static void Cut(List<LayoutBlock> region, List<LayoutBlock> result, int depth)
    {
        if (region.Count <= 1 || depth > 200)
        {
            AppendTopDown(region, result);
            return;
        }

        // 1. Vertical cuts: gutters that no block crosses.
        region.Sort(static (a, b) => a.Box.X0.CompareTo(b.Box.X0));
        var parts = Split(region, static b => b.Box.X0, static b => b.Box.X1, allGaps: true);
        if (parts is null)
        {
            // 2. Horizontal cuts, top first (PDF y grows upwards, so sort by negated top).
            region.Sort(static (a, b) => b.Box.Y1.CompareTo(a.Box.Y1));
            parts = Split(region, static b => -b.Box.Y1, static b => -b.Box.Y0, allGaps: region.Count > CutAllGapsAbove);
        }

        if (parts is null)
        {
            AppendTopDown(region, result);
            return;
        }

        foreach (var part in parts)
        {
            Cut(part, result, depth + 1);
        }
    }

    // Region sorted by start; returns the parts between gaps (all gaps, or only the widest), or null.
    private static List<List<LayoutBlock>>? Split(
        List<LayoutBlock> sorted, Func<LayoutBlock, double> start, Func<LayoutBlock, double> end, bool allGaps)
    {
        var cuts = new List<int>();
        var widest = -1;
        var widestGap = 0.0;
        var reach = end(sorted[0]);
        for (var i = 1; i < sorted.Count; i++)
        {
            var gap = start(sorted[i]) - reach;
            if (gap > MinGap)
            {
                cuts.Add(i);
                if (gap > widestGap)
                {
                    widestGap = gap;
                    widest = i;
                }
            }

            reach = Math.Max(reach, end(sorted[i]));
        }

        if (cuts.Count == 0)
        {
            return null;
        }

        if (!allGaps)
        {
            cuts = [widest];
        }

        var parts = new List<List<LayoutBlock>>(cuts.Count + 1);
        var from = 0;
        foreach (var cut in cuts)
        {
            parts.Add(sorted.GetRange(from, cut - from));
            from = cut;
        }

        parts.Add(sorted.GetRange(from, sorted.Count - from));
        return parts;
    }

    private static void AppendTopDown(List<LayoutBlock> region, List<LayoutBlock> result)
    {
        region.Sort(static (a, b) =>
        {
            var byTop = b.Box.Y1.CompareTo(a.Box.Y1);
            return byTop != 0 ? byTop : a.Box.X0.CompareTo(b.Box.X0);
        });
        result.AddRange(region);
    }
}
