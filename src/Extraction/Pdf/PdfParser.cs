namespace Folio.Extraction.Pdf;

/// <summary>Placeholder until the Pdf parser lands.</summary>
internal sealed class PdfParser(ParsingOptions options) : IDocumentParser
{
    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Pdf;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        throw new DocumentParseException(ParseFailure.UnsupportedDocumentType, $"{Format} parsing is not available yet ({_options.MaxPages}).");
}
