using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace Folio.Extraction;

/// <summary>
/// Finds a document's format from its bytes: the PDF header, a ZIP package's main part, the OLE2
/// signature. Only text formats, which have no magic bytes, look at the file name's extension.
/// </summary>
public static class FormatSniffer
{
    private static readonly byte[] Ole2Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private const int HeadLength = 8192;
    private const long MaxContentTypesBytes = 1024 * 1024;

    /// <summary>The format of the document, with its media type.</summary>
    /// <param name="content">A seekable stream; its position is restored to 0.</param>
    /// <param name="fileName">Consulted only to tell text formats apart (Markdown, CSV, HTML, plain).</param>
    /// <exception cref="DocumentParseException">Empty, unsupported, or encrypted OOXML.</exception>
    public static (DocumentFormat Format, string MediaType) Sniff(Stream content, string fileName)
    {
        content.Position = 0;
        var head = new byte[HeadLength];
        var read = content.ReadAtLeast(head, HeadLength, throwOnEndOfStream: false);
        content.Position = 0;
        var span = head.AsSpan(0, read);
        if (read == 0)
        {
            throw new DocumentParseException(ParseFailure.DocumentEmpty, "The file is empty.");
        }

        if (span[..Math.Min(read, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return (DocumentFormat.Pdf, "application/pdf");
        }

        if (span.StartsWith(Ole2Signature))
        {
            throw Ole2Failure(content);
        }

        if (span.StartsWith("PK\u0003\u0004"u8) || span.StartsWith("PK\u0005\u0006"u8))
        {
            return SniffPackage(content);
        }

        if (span.StartsWith("{\\rtf"u8))
        {
            throw Unsupported("RTF documents are not supported; save the file as DOCX or PDF.");
        }

        if (!TextDecoding.LooksLikeText(span))
        {
            throw Unsupported("The file is neither PDF, Office Open XML (DOCX, XLSX, PPTX) nor text.");
        }

        return SniffText(span, fileName);
    }

    private static (DocumentFormat, string) SniffText(ReadOnlySpan<byte> head, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        switch (extension)
        {
            case ".md" or ".markdown":
                return (DocumentFormat.Markdown, "text/markdown");
            case ".csv" or ".tsv":
                return (DocumentFormat.Csv, "text/csv");
            case ".html" or ".htm" or ".xhtml":
                return (DocumentFormat.Html, "text/html");
        }

        var start = TextDecoding.Decode(head.ToArray()).TrimStart().ToLowerInvariant();
        return start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.StartsWith("<html", StringComparison.Ordinal)
            ? (DocumentFormat.Html, "text/html")
            : (DocumentFormat.Text, "text/plain");
    }

    private static (DocumentFormat, string) SniffPackage(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("mimetype") is { } mimetype && ReadSmall(mimetype).Contains("opendocument", StringComparison.Ordinal))
            {
                throw Unsupported($"OpenDocument files ({ReadSmall(mimetype).Trim()}) are not supported; save the file as DOCX, XLSX or PPTX.");
            }

            var mainPart = zip.GetEntry("[Content_Types].xml") is { } types ? MainPartName(types) : null;
            var folder = (mainPart ?? string.Empty).TrimStart('/').Split('/')[0];
            if (folder.Length == 0)
            {
                folder = zip.Entries.Any(e => e.FullName.StartsWith("word/", StringComparison.Ordinal)) ? "word"
                    : zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)) ? "xl"
                    : zip.Entries.Any(e => e.FullName.StartsWith("ppt/", StringComparison.Ordinal)) ? "ppt"
                    : string.Empty;
            }

            if (mainPart?.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) == true)
            {
                throw Unsupported("Excel binary workbooks (.xlsb) are not supported; save the file as XLSX.");
            }

            return folder switch
            {
                "word" => (DocumentFormat.Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                "xl" => (DocumentFormat.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "ppt" => (DocumentFormat.Pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                _ => throw Unsupported("The ZIP archive is not an Office Open XML document (DOCX, XLSX or PPTX)."),
            };
        }
        catch (InvalidDataException e)
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable, "The ZIP container is damaged.", e);
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static string? MainPartName(ZipArchiveEntry contentTypes)
    {
        // Real [Content_Types].xml files are a few KB; a huge one is an attack on the sniffer, and the
        // part folders tell the format as well.
        if (contentTypes.Length > MaxContentTypesBytes)
        {
            return null;
        }

        try
        {
            using var stream = contentTypes.Open();
            var xml = XDocument.Load(stream);
            return xml.Root?.Elements()
                .Where(e => e.Name.LocalName == "Override")
                .FirstOrDefault(e => ((string?)e.Attribute("ContentType") ?? string.Empty).Contains(".main", StringComparison.Ordinal))
                ?.Attribute("PartName")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string ReadSmall(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open(), Encoding.ASCII);
        var buffer = new char[200];
        return new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length));
    }

    private static DocumentParseException Ole2Failure(Stream content)
    {
        // An OLE2 container either holds a password-protected OOXML package (EncryptionInfo +
        // EncryptedPackage streams, names in UTF-16) or is a legacy binary Office file.
        var buffer = new byte[Math.Min(content.Length, 4L * 1024 * 1024)];
        var read = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        content.Position = 0;
        var bytes = buffer.AsSpan(0, read);
        if (bytes.IndexOf(Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0)
        {
            return new DocumentParseException(ParseFailure.DocumentEncrypted, "The Office document is password-protected.");
        }

        var kind = bytes.IndexOf(Encoding.Unicode.GetBytes("WordDocument")) >= 0 ? "Word 97-2003 (.doc)"
            : bytes.IndexOf(Encoding.Unicode.GetBytes("Workbook")) >= 0 || bytes.IndexOf(Encoding.Unicode.GetBytes("Book")) >= 0 ? "Excel 97-2003 (.xls)"
            : bytes.IndexOf(Encoding.Unicode.GetBytes("PowerPoint Document")) >= 0 ? "PowerPoint 97-2003 (.ppt)"
            : "legacy OLE2 compound";
        return Unsupported($"{kind} files are not supported; save the file as DOCX, XLSX, PPTX or PDF.");
    }

    private static DocumentParseException Unsupported(string message) => new(ParseFailure.UnsupportedDocumentType, message);
}
