namespace Folio.Extraction;

/// <summary>One row of a table.</summary>
/// <param name="Cells">The row's cells, left to right.</param>
/// <param name="IsHeader">True for a header row (repeated at the top of every chunk of the table).</param>
public sealed record TableRow(IReadOnlyList<TableCell> Cells, bool IsHeader = false)
{
    /// <summary>The separator between cells in a row's text: a Markdown-like pipe that survives tokenisation.</summary>
    public const string CellSeparator = " | ";

    /// <summary>The row as one line of text, cells joined by <see cref="CellSeparator"/>.</summary>
    public string ToText() => string.Join(CellSeparator, Cells.Select(c => c.Text));
}
