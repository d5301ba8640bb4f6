namespace Folio.Extraction.Pdf;

/// <summary>
/// A block of one page with its text composed: normalised text, word boxes with offsets relative to
/// that text, and the font statistics the heading classifier needs. <see cref="Kind"/> starts as
/// <see cref="BlockKind.Paragraph"/> (or <see cref="BlockKind.Table"/>) and is refined later.
/// </summary>
internal sealed class ComposedBlock
{
    public required int Page { get; init; }

    public required string Text { get; init; }

    public required IReadOnlyList<WordBox> Words { get; init; }

    public required BoundingBox Box { get; init; }

    /// <summary>The font size carrying most of the block's characters, in points.</summary>
    public double FontSize { get; init; }

    public bool Bold { get; init; }

    public int LineCount { get; init; }

    public IReadOnlyList<TableRow>? Rows { get; init; }

    /// <summary>Each table cell's box, parallel to <see cref="Rows"/>; null for text blocks.</summary>
    public IReadOnlyList<IReadOnlyList<BoundingBox?>>? CellBoxes { get; init; }

    public BlockKind Kind { get; set; } = BlockKind.Paragraph;

    public int? Level { get; set; }
}
