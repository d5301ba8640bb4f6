namespace Folio.Extraction.Text;

/// <summary>Placeholder until the Csv parser lands.</summary>
internal sealed class CsvParser(ParsingOptions options) : IDocumentParser
{
    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Csv;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        throw new DocumentParseException(ParseFailure.UnsupportedDocumentType, $"{Format} parsing is not available yet ({_options.MaxPages}).");
}
