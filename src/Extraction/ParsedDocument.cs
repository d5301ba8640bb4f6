namespace Folio.Extraction;

/// <summary>
/// A document turned into ordered, located blocks. <see cref="Text"/> is the blocks' texts joined by
/// <see cref="BlockSeparator"/>; every offset in Folio (blocks, chunks, evidence) indexes it.
/// Build one with <see cref="ParsedDocumentBuilder"/>.
/// </summary>
/// <param name="FileName">The uploaded file's name.</param>
/// <param name="MediaType">The media type found by sniffing the bytes.</param>
/// <param name="Pages">Pages (PDF), slides (PPTX), sheets (XLSX) or estimated pages (DOCX); 1 for text formats.</param>
/// <param name="Text">The normalised text of the whole document.</param>
/// <param name="Blocks">The blocks in reading order.</param>
/// <param name="PagesWithoutText">PDF pages with no text layer (candidates for OCR).</param>
/// <param name="Warnings">Things the parser noticed and worked around.</param>
/// <param name="PageSizes">PDF page sizes in points; empty for other formats.</param>
/// <param name="WordBoxes">Where each word of <see cref="Text"/> lies (PDF only), ordered by offset.</param>
public sealed record ParsedDocument(
    string FileName,
    string MediaType,
    int Pages,
    string Text,
    IReadOnlyList<Block> Blocks,
    IReadOnlyList<int> PagesWithoutText,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<PageSize> PageSizes,
    IReadOnlyList<WordBox> WordBoxes)
{
    /// <summary>What joins two blocks in <see cref="Text"/>.</summary>
    public const string BlockSeparator = "\n\n";

    /// <summary>
    /// The page and box of a character span (see <see cref="SpanBoxLocator"/>); null when the
    /// document has no boxes (not a PDF) or the span touches no word.
    /// </summary>
    public (int Page, BoundingBox Box)? FindBox(int start, int end) => SpanBoxLocator.Find(WordBoxes, start, end);
}
