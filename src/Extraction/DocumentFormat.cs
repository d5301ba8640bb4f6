namespace Folio.Extraction;

/// <summary>A format Folio parses, found by <see cref="FormatSniffer"/>.</summary>
public enum DocumentFormat
{
    /// <summary>PDF (<c>%PDF-</c> header).</summary>
    Pdf,
    /// <summary>Word (ZIP with <c>[Content_Types].xml</c> whose main part is <c>word/document.xml</c>).</summary>
    Docx,
    /// <summary>Excel (ZIP, main part <c>xl/workbook.xml</c>).</summary>
    Xlsx,
    /// <summary>PowerPoint (ZIP, main part <c>ppt/presentation.xml</c>).</summary>
    Pptx,
    /// <summary>Plain text.</summary>
    Text,
    /// <summary>Markdown.</summary>
    Markdown,
    /// <summary>Comma- or otherwise-separated values.</summary>
    Csv,
    /// <summary>HTML.</summary>
    Html,
}
