namespace Folio.Extraction.Office;

/// <summary>Placeholder until the Docx parser lands.</summary>
internal sealed class DocxParser(ParsingOptions options) : IDocumentParser
{
    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Docx;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        throw new DocumentParseException(ParseFailure.UnsupportedDocumentType, $"{Format} parsing is not available yet ({_options.MaxPages}).");
}
