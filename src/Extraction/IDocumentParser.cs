namespace Folio.Extraction;

/// <summary>Turns the bytes of one format into a <see cref="ParsedDocument"/>.</summary>
public interface IDocumentParser
{
    /// <summary>The format this parser reads.</summary>
    DocumentFormat Format { get; }

    /// <summary>
    /// Parses a whole document. Implementations check <paramref name="cancellationToken"/> between pages
    /// (or other units) so the caller's time limit holds.
    /// </summary>
    /// <param name="content">A seekable stream over the file's bytes.</param>
    /// <param name="fileName">The file's name, kept in the result.</param>
    /// <param name="cancellationToken">Cancelled when the parse time limit passes.</param>
    /// <exception cref="DocumentParseException">The document is encrypted, damaged, too large or empty.</exception>
    ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default);
}
