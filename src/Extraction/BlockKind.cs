namespace Folio.Extraction;

/// <summary>What a block is in the document's structure.</summary>
public enum BlockKind
{
    /// <summary>The document's title (first heading of a PDF's first page, a DOCX Title style).</summary>
    Title,
    /// <summary>A section heading; <see cref="Block.Level"/> is its outline level (1 = top).</summary>
    Heading,
    /// <summary>Body text.</summary>
    Paragraph,
    /// <summary>A bulleted or numbered list item; <see cref="Block.Level"/> is its nesting level (1 = top).</summary>
    ListItem,
    /// <summary>A table; <see cref="Block.Rows"/> holds its rows and cells.</summary>
    Table,
    /// <summary>A figure or table caption.</summary>
    Caption,
    /// <summary>A running header repeated across pages.</summary>
    PageHeader,
    /// <summary>A running footer or page number repeated across pages.</summary>
    PageFooter,
    /// <summary>A footnote, endnote, comment or speaker note.</summary>
    Note,
}
