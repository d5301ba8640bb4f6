namespace Folio.Extraction;

/// <summary>One cell of a table row. A merged cell appears once, at its top-left position, with its spans.</summary>
/// <param name="Text">The cell's normalised text (may be empty).</param>
/// <param name="RowSpan">Rows the cell covers; 1 unless merged.</param>
/// <param name="ColumnSpan">Columns the cell covers; 1 unless merged.</param>
public sealed record TableCell(string Text, int RowSpan = 1, int ColumnSpan = 1);
