namespace Folio.Extraction.Text;

/// <summary>Placeholder until the Html parser lands.</summary>
internal sealed class HtmlParser(ParsingOptions options) : IDocumentParser
{
    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Html;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        throw new DocumentParseException(ParseFailure.UnsupportedDocumentType, $"{Format} parsing is not available yet ({_options.MaxPages}).");
}
