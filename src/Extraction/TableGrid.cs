namespace Folio.Extraction;

/// <summary>
/// The rectangle a table fills once every row is padded to the widest one, spans included, as a
/// Markdown or HTML grid draws it. Ragged rows and column spans make it far larger than the table's
/// text: one CSV row of 16,384 fields over 2,000 one-field rows is a 36 KB file and 33M cells.
/// </summary>
public static class TableGrid
{
    /// <summary>
    /// Most cells a parser materialises for one table (XLSX gaps, CSV fields): about 300 MB of cell
    /// objects. A 16 MB CSV of empty fields would otherwise hold 16 million of them, 2 GB.
    /// </summary>
    public const long MaxCells = 5_000_000;

    /// <summary>The widest row, counting each cell's column span.</summary>
    public static long Columns(IReadOnlyList<TableRow> rows)
    {
        long widest = 0;
        foreach (var row in rows)
        {
            long width = 0;
            foreach (var cell in row.Cells)
            {
                width += Math.Max(1, cell.ColumnSpan);
            }

            widest = Math.Max(widest, width);
        }

        return widest;
    }

    /// <summary>
    /// Characters the padded grid takes at the least: <see cref="TableRow.CellSeparator"/> per cell.
    /// This is what a table counts against <see cref="ParsingOptions.MaxTextCharacters"/> besides its text.
    /// </summary>
    public static long MinimumLength(IReadOnlyList<TableRow> rows) => rows.Count * Columns(rows) * TableRow.CellSeparator.Length;
}
