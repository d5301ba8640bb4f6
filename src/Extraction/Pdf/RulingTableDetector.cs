using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Finds tables drawn with ruling lines: horizontal and vertical segments (stroked lines, or filled
/// rectangles thinner than <see cref="MaxRuleThickness"/>) are grouped into connected grids; a grid
/// with at least 3 distinct horizontal and 3 distinct vertical rules spanning it is a table of
/// (rules − 1) rows × columns, and each word goes to the cell holding its centre. Conservative by
/// design: a grid whose cells are mostly empty, or one without any text, is not a table. Tables
/// without rules (aligned columns only) and merged cells are not detected; their words stay in the
/// ordinary text flow.
/// </summary>
internal static class RulingTableDetector
{
    private const double MaxRuleThickness = 2.0;
    private const double MinRuleLength = 8.0;
    private const double Tolerance = 2.0;

    public static List<(LayoutBlock Table, BoundingBox Box)> Detect(IReadOnlyList<PdfPath> paths, List<PdfWord> words)
    {
        var tables = new List<(LayoutBlock, BoundingBox)>();
        if (paths.Count < 4 || words.Count == 0)
        {
            return tables;
        }

        var horizontal = new List<BoundingBox>();
        var vertical = new List<BoundingBox>();
        CollectRules(paths, horizontal, vertical);
        if (horizontal.Count < 3 || vertical.Count < 3)
        {
            return tables;
        }

        foreach (var grid in ConnectedGrids(horizontal, vertical))
        {
            var table = ReadGrid(grid.Horizontal, grid.Vertical, words);
            if (table is not null)
            {
                tables.Add(table.Value);
            }
        }

        return tables;
    }

    private static void CollectRules(IReadOnlyList<PdfPath> paths, List<BoundingBox> horizontal, List<BoundingBox> vertical)
    {
        foreach (var path in paths)
        {
            if (path.IsClipping || !(path.IsStroked || path.IsFilled))
            {
                continue;
            }

            foreach (var subpath in path)
            {
                var start = default(PdfPoint);
                var current = default(PdfPoint);
                foreach (var command in subpath.Commands)
                {
                    switch (command)
                    {
                        case PdfSubpath.Move move:
                            start = current = move.Location;
                            break;
                        case PdfSubpath.Line line:
                            AddSegment(line.From, line.To, horizontal, vertical);
                            current = line.To;
                            break;
                        case PdfSubpath.Close:
                            AddSegment(current, start, horizontal, vertical);
                            current = start;
                            break;
                    }
                }

                // A thin filled rectangle is a rule too.
                if (path.IsFilled && subpath.GetBoundingRectangle() is { } r)
                {
                    var box = new BoundingBox(r.Left, r.Bottom, r.Right, r.Top);
                    if (box.Y1 - box.Y0 <= MaxRuleThickness && box.X1 - box.X0 >= MinRuleLength)
                    {
                        horizontal.Add(box);
                    }
                    else if (box.X1 - box.X0 <= MaxRuleThickness && box.Y1 - box.Y0 >= MinRuleLength)
                    {
                        vertical.Add(box);
                    }
                }
            }
        }
    }

    private static void AddSegment(PdfPoint a, PdfPoint b, List<BoundingBox> horizontal, List<BoundingBox> vertical)
    {
        var box = new BoundingBox(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Max(a.X, b.X), Math.Max(a.Y, b.Y));
        if (box.Y1 - box.Y0 <= 0.5 && box.X1 - box.X0 >= MinRuleLength)
        {
            horizontal.Add(box);
        }
        else if (box.X1 - box.X0 <= 0.5 && box.Y1 - box.Y0 >= MinRuleLength)
        {
            vertical.Add(box);
        }
    }

    // Union-find over rules that touch (within the tolerance).
    private static List<(List<BoundingBox> Horizontal, List<BoundingBox> Vertical)> ConnectedGrids(
        List<BoundingBox> horizontal, List<BoundingBox> vertical)
    {
        var all = new List<BoundingBox>(horizontal.Count + vertical.Count);
        all.AddRange(horizontal);
        all.AddRange(vertical);
        var parent = new int[all.Count];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        // Rule counts are small on real pages; guard against hatched drawings with thousands of strokes.
        if (all.Count > 2_000)
        {
            return [];
        }

        for (var i = 0; i < horizontal.Count; i++)
        {
            for (var j = horizontal.Count; j < all.Count; j++)
            {
                if (Touch(all[i], all[j]))
                {
                    parent[Find(i)] = Find(j);
                }
            }
        }

        var groups = new Dictionary<int, (List<BoundingBox>, List<BoundingBox>)>();
        for (var i = 0; i < all.Count; i++)
        {
            var root = Find(i);
            if (!groups.TryGetValue(root, out var group))
            {
                group = ([], []);
                groups[root] = group;
            }

            (i < horizontal.Count ? group.Item1 : group.Item2).Add(all[i]);
        }

        var result = new List<(List<BoundingBox>, List<BoundingBox>)>();
        foreach (var group in groups.Values)
        {
            if (group.Item1.Count >= 3 && group.Item2.Count >= 3)
            {
                result.Add(group);
            }
        }

        return result;
    }

    private static bool Touch(BoundingBox a, BoundingBox b) =>
        a.X0 - Tolerance <= b.X1 && b.X0 - Tolerance <= a.X1 && a.Y0 - Tolerance <= b.Y1 && b.Y0 - Tolerance <= a.Y1;

    private static (LayoutBlock, BoundingBox)? ReadGrid(List<BoundingBox> horizontal, List<BoundingBox> vertical, List<PdfWord> words)
    {
        var box = horizontal[0];
        foreach (var rule in horizontal)
        {
            box = box.Union(rule);
        }

        foreach (var rule in vertical)
        {
            box = box.Union(rule);
        }

        // Row boundaries: horizontal rules spanning most of the grid; column boundaries likewise.
        var ys = Distinct(horizontal, r => (r.Y0 + r.Y1) / 2, r => r.X1 - r.X0 >= 0.5 * (box.X1 - box.X0), descending: true);
        var xs = Distinct(vertical, r => (r.X0 + r.X1) / 2, r => r.Y1 - r.Y0 >= 0.5 * (box.Y1 - box.Y0), descending: false);
        if (ys.Count < 3 || xs.Count < 3)
        {
            return null;
        }

        var rows = ys.Count - 1;
        var columns = xs.Count - 1;
        var cells = new List<PdfWord>[rows, columns];
        var used = new List<int>();
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            var row = Slot(ys, word.CentreY, descending: true);
            var column = Slot(xs, word.CentreX, descending: false);
            if (row < 0 || column < 0)
            {
                continue;
            }

            (cells[row, column] ??= []).Add(word);
            used.Add(w);
        }

        var filled = 0;
        foreach (var cell in cells)
        {
            filled += cell is null ? 0 : 1;
        }

        if (filled == 0 || filled * 2 < rows * columns)
        {
            return null;
        }

        var tableRows = new List<TableRow>(rows);
        var cellBoxes = new List<IReadOnlyList<BoundingBox?>>(rows);
        for (var r = 0; r < rows; r++)
        {
            var rowCells = new List<TableCell>(columns);
            var rowBoxes = new BoundingBox?[columns];
            for (var c = 0; c < columns; c++)
            {
                rowCells.Add(new TableCell(CellText(cells[r, c])));
                rowBoxes[c] = cells[r, c] is { Count: > 0 } cellWords ? cellWords.Skip(1).Aggregate(cellWords[0].Box, (box, word) => box.Union(word.Box)) : null;
            }

            cellBoxes.Add(rowBoxes);

            tableRows.Add(new TableRow(rowCells, IsHeader: r == 0 && rows > 1 && AllBold(cells, r, columns)));
        }

        // The table's words leave the text flow.
        var kept = 0;
        var next = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (next < used.Count && used[next] == i)
            {
                next++;
                continue;
            }

            words[kept++] = words[i];
        }

        words.RemoveRange(kept, words.Count - kept);

        var tableBox = new BoundingBox(xs[0], ys[^1], xs[^1], ys[0]);
        return (new LayoutBlock(tableRows, tableBox, cellBoxes), tableBox);
    }

    private static List<double> Distinct(List<BoundingBox> rules, Func<BoundingBox, double> position, Func<BoundingBox, bool> spans, bool descending)
    {
        var values = new List<double>();
        foreach (var rule in rules)
        {
            if (spans(rule))
            {
                values.Add(position(rule));
            }
        }

        values.Sort();
        var distinct = new List<double>();
        foreach (var value in values)
        {
            if (distinct.Count == 0 || value - distinct[^1] > Tolerance)
            {
                distinct.Add(value);
            }
        }

        if (descending)
        {
            distinct.Reverse();
        }

        return distinct;
    }

    private static int Slot(List<double> bounds, double value, bool descending)
    {
        for (var i = 0; i < bounds.Count - 1; i++)
        {
            var inside = descending ? value <= bounds[i] && value > bounds[i + 1] : value >= bounds[i] && value < bounds[i + 1];
            if (inside)
            {
                return i;
            }
        }

        return -1;
    }

    private static string CellText(List<PdfWord>? words)
    {
        if (words is null)
        {
            return string.Empty;
        }

        var lines = LineBuilder.Build(words);
        return string.Join('\n', lines.Select(l => string.Join(' ', l.Words.Select(w => w.Text))));
    }

    private static bool AllBold(List<PdfWord>?[,] cells, int row, int columns)
    {
        var any = false;
        for (var c = 0; c < columns; c++)
        {
            foreach (var word in cells[row, c] ?? [])
            {
                if (!word.Bold)
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }
}
