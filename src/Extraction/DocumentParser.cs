namespace Folio.Extraction;

/// <summary>
/// The one entry point for parsing: enforces the size and time limits, sniffs the format from the
/// bytes, runs that format's <see cref="IDocumentParser"/>, and turns anything unexpected into a typed
/// <see cref="DocumentParseException"/>, so bad input never escapes as an unhandled error.
/// </summary>
public sealed class DocumentParser
{
    private readonly Dictionary<DocumentFormat, IDocumentParser> _parsers;
    private readonly ParsingOptions _options;

    /// <summary>Creates the entry point over one parser per format.</summary>
    public DocumentParser(IEnumerable<IDocumentParser> parsers, ParsingOptions options)
    {
        _parsers = parsers.ToDictionary(p => p.Format);
        _options = options;
    }

    /// <summary>The parsers Folio ships, all under the same limits.</summary>
    public static DocumentParser CreateDefault(ParsingOptions options) => new(
    [
        new Pdf.PdfParser(options),
        new Office.DocxParser(options),
        new Office.XlsxParser(options),
        new Office.PptxParser(options),
        new Text.PlainTextParser(options),
        new Text.MarkdownParser(options),
        new Text.CsvParser(options),
        new Text.HtmlParser(options),
    ], options);

    /// <summary>The limits in force.</summary>
    public ParsingOptions Options => _options;

    /// <summary>Parses a document within the configured limits.</summary>
    /// <param name="content">A seekable stream over the file.</param>
    /// <param name="fileName">The file's name (kept in the result; tells text formats apart).</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <exception cref="DocumentParseException">The document cannot be parsed; the reason is in <see cref="DocumentParseException.Failure"/>.</exception>
    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        CheckSize(content, _options);
        DocumentFormat format;
        try
        {
            (format, _) = FormatSniffer.Sniff(content, fileName);
        }
        catch (Exception e) when (e is not DocumentParseException and not OutOfMemoryException)
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable, "The file could not be identified.", e);
        }

        if (!_parsers.TryGetValue(format, out var parser))
        {
            throw new DocumentParseException(ParseFailure.UnsupportedDocumentType, $"No parser is configured for {format}.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        var parsing = Task.Run(() => parser.Parse(content, fileName, deadline.Token), CancellationToken.None);
        ParsedDocument document;
        try
        {
            // WaitAsync returns at the deadline even if a parser ignores its token; the abandoned
            // task then finishes on its own and its result is dropped.
            document = await parsing.WaitAsync(_options.Timeout + TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (DocumentParseException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable,
                $"Parsing took longer than the limit of {_options.Timeout.TotalSeconds:N0} s.", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable, $"The {format} document could not be read.", e);
        }

        if (document.Blocks.Count == 0 && document.PagesWithoutText.Count == 0)
        {
            throw new DocumentParseException(ParseFailure.DocumentEmpty, "The document contains no text.");
        }

        if (document.Text.Length > _options.MaxTextCharacters)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The document has {document.Text.Length:N0} characters of text; the limit is {_options.MaxTextCharacters:N0}.");
        }

        // A table's rows padded to a grid (how Markdown and most clients draw it) may be far larger
        // than its text; the grid is held to the same limit, so no rendering of it can explode.
        var grid = document.Blocks.Sum(b => b.Rows is { Count: > 0 } rows ? TableGrid.MinimumLength(rows) : 0);
        if (grid > _options.MaxTextCharacters)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The document's tables fill {grid / TableRow.CellSeparator.Length:N0} cells once their rows are padded to full width; the limit is {_options.MaxTextCharacters / TableRow.CellSeparator.Length:N0}.");
        }

        return document;
    }

    /// <summary>Refuses a stream that is not seekable or a file over <see cref="ParsingOptions.MaxBytes"/>, before any work.</summary>
    internal static void CheckSize(Stream content, ParsingOptions options)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("The content stream must be seekable.", nameof(content));
        }

        if (content.Length > options.MaxBytes)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The file is {content.Length:N0} bytes; the limit is {options.MaxBytes:N0}.");
        }
    }
}
