namespace Folio.Extraction.Office;

/// <summary>
/// Turns a sparse sheet grid into table rows: empty rows dropped; columns kept in place (an empty
/// cell for a gap) from the first to the last used column, so trailing empty columns and rows never
/// appear; a merged range becomes one cell with its spans (rows counted among the rows kept) and the
/// cells it covers are omitted. The first row is taken as the header.
/// </summary>
internal static class XlsxSheetTable
{
    /// <summary>Most covered-cell intervals recorded for one sheet; merges past it are ignored.</summary>
    private const int MaxCoverage = 2_000_000;

    public static List<TableRow> Build(SheetGrid grid, ParsingOptions options, ParsedDocumentBuilder builder, string sheetName, CancellationToken cancellationToken)
    {
        if (grid.Rows.Count == 0)
        {
            return [];
        }

        // 1. Rows in order, one per index (a malformed sheet may repeat an index).
        var rows = grid.Rows.GroupBy(r => r.Index).OrderBy(g => g.Key)
            .Select(g => new SheetRow(g.Key, g.SelectMany(r => r.Cells).GroupBy(c => c.Column).Select(c => c.First()).OrderBy(c => c.Column).ToList()))
            .ToList();
        var firstColumn = rows.Min(r => r.Cells[0].Column);
        var lastColumn = rows.Max(r => r.Cells[^1].Column);
        var width = lastColumn - firstColumn + 1;

        // Checked before any gap becomes a cell: a few cells far apart (A1 and XFD1000) would otherwise
        // be millions of empty cells from a tiny file.
        if ((long)rows.Count * width * TableRow.CellSeparator.Length > options.MaxTextCharacters || (long)rows.Count * width > TableGrid.MaxCells)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"Sheet '{sheetName}' spans {rows.Count:N0} rows × {width:N0} columns, more than the limit of {TableGrid.MaxCells:N0} cells or {options.MaxTextCharacters:N0} characters.");
        }

        // 2. Merged ranges whose top-left cell is in a kept row: spans, and what each row must skip.
        var indices = rows.ConvertAll(r => r.Index);
        var origins = new Dictionary<(int Row, int Column), (int RowSpan, int ColumnSpan)>();
        var covered = new Dictionary<int, List<(int From, int To)>>();
        var coverage = 0;
        foreach (var merge in grid.Merges)
        {
            var top = indices.BinarySearch(merge.FirstRow);
            if (top < 0 || merge.FirstColumn > lastColumn || merge.LastColumn < firstColumn || merge.FirstColumn < firstColumn
                || origins.ContainsKey((merge.FirstRow, merge.FirstColumn)))
            {
                continue;
            }

            var right = Math.Min(merge.LastColumn, lastColumn);
            var bottom = indices.BinarySearch(merge.LastRow);
            bottom = bottom >= 0 ? bottom : ~bottom - 1;
            if ((coverage += bottom - top + 1) > MaxCoverage)
            {
                builder.AddWarning($"Sheet '{sheetName}' has too many merged cells; some merges were ignored.");
                break;
            }

            origins[(merge.FirstRow, merge.FirstColumn)] = (bottom - top + 1, right - merge.FirstColumn + 1);
            for (var i = top; i <= bottom; i++)
            {
                var from = i == top ? merge.FirstColumn + 1 : merge.FirstColumn;
                if (from <= right)
                {
                    (covered.TryGetValue(rows[i].Index, out var list) ? list : covered[rows[i].Index] = []).Add((from, right));
                }
            }
        }

        // 3. Cells left to right, gaps as empty cells, covered cells omitted.
        var table = new List<TableRow>(rows.Count);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Sorted, so the skip in force is found by walking forward once per row, not by a scan per column.
            var skips = covered.GetValueOrDefault(row.Index)?.OrderBy(s => s.From).ToList();
            var nextSkip = 0;
            var cells = new List<TableCell>();
            var next = 0;
            for (var column = firstColumn; column <= lastColumn; column++)
            {
                while (next < row.Cells.Count && row.Cells[next].Column < column)
                {
                    next++;
                }

                while (skips is not null && nextSkip < skips.Count && skips[nextSkip].To < column)
                {
                    nextSkip++;
                }

                if (skips is not null && nextSkip < skips.Count && skips[nextSkip].From <= column)
                {
                    column = skips[nextSkip].To;
                    continue;
                }

                var text = next < row.Cells.Count && row.Cells[next].Column == column ? row.Cells[next].Text : string.Empty;
                var (rowSpan, columnSpan) = origins.GetValueOrDefault((row.Index, column), (1, 1));
                cells.Add(new TableCell(text, rowSpan, columnSpan));
                column += columnSpan - 1;
            }

            table.Add(new TableRow(cells, IsHeader: table.Count == 0 && rows.Count > 1));
        }

        return table;
    }
}
