namespace Folio.Extraction;

/// <summary>
/// One located unit of a parsed document: a heading, a paragraph, a table…
/// <c>document.Text[Start..End] == Text</c> always holds; the constructor checks the span's length.
/// </summary>
public sealed record Block
{
    /// <summary>Creates a block and checks that its span fits its text.</summary>
    /// <exception cref="ArgumentException">The span does not match the text, or the page is not 1-based.</exception>
    public Block(BlockKind kind, string text, int page, int start, int end, int? level = null, BoundingBox? bbox = null, IReadOnlyList<TableRow>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (end - start != text.Length)
        {
            throw new ArgumentException($"Span [{start}, {end}) does not fit a text of {text.Length} characters.", nameof(end));
        }

        Kind = kind;
        Text = text;
        Page = page;
        Start = start;
        End = end;
        Level = level;
        Bbox = bbox;
        Rows = rows;
    }

    /// <summary>What the block is.</summary>
    public BlockKind Kind { get; }

    /// <summary>The block's normalised text.</summary>
    public string Text { get; }

    /// <summary>1-based page (slide for PPTX, sheet index for XLSX, approximate for DOCX).</summary>
    public int Page { get; }

    /// <summary>Start offset into <see cref="ParsedDocument.Text"/>.</summary>
    public int Start { get; }

    /// <summary>End offset (exclusive) into <see cref="ParsedDocument.Text"/>.</summary>
    public int End { get; }

    /// <summary>Heading outline level or list nesting level, 1 = top; null for other kinds.</summary>
    public int? Level { get; }

    /// <summary>The block's box on its page (PDF only).</summary>
    public BoundingBox? Bbox { get; }

    /// <summary>Rows and cells, for <see cref="BlockKind.Table"/> blocks.</summary>
    public IReadOnlyList<TableRow>? Rows { get; }
}
