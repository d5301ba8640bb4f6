namespace Folio.Extraction.Pdf;

/// <summary>A block of a page before its text is composed: either consecutive lines, or a detected table.</summary>
internal sealed class LayoutBlock
{
    private readonly List<TextLine> _lines = [];

    public LayoutBlock(TextLine first)
    {
        _lines.Add(first);
        Box = first.Box;
    }

    public LayoutBlock(IReadOnlyList<TableRow> rows, BoundingBox box, IReadOnlyList<IReadOnlyList<BoundingBox?>> cellBoxes)
    {
        Rows = rows;
        Box = box;
        CellBoxes = cellBoxes;
    }

    /// <summary>Each table cell's box (the union of its words), parallel to <see cref="Rows"/>; null for text blocks.</summary>
    public IReadOnlyList<IReadOnlyList<BoundingBox?>>? CellBoxes { get; }

    public IReadOnlyList<TextLine> Lines => _lines;

    /// <summary>Rows of a table block; null for a text block.</summary>
    public IReadOnlyList<TableRow>? Rows { get; }

    public BoundingBox Box { get; private set; }

    public TextLine Last => _lines[^1];

    public void Add(TextLine line)
    {
        _lines.Add(line);
        Box = Box.Union(line.Box);
    }
}
