using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Office;

/// <summary>
/// What every OOXML parser does before and around the Open XML SDK: reads the ZIP central directory
/// to refuse zip bombs before any part is inflated, and turns the SDK's and the ZIP reader's errors
/// into typed <see cref="DocumentParseException"/>s.
/// </summary>
internal static class PackageGuard
{
    /// <summary>Parts smaller than this are not held to the compression-ratio limit: tiny XML parts compress far beyond it.</summary>
    private const long RatioFloorBytes = 1024 * 1024;

    /// <summary>
    /// Deepest element nesting allowed in a part the SDK loads as a tree. The SDK builds part trees
    /// recursively: 20,000 nested <c>w:sdt</c> elements (a 10 KB file) overflow the stack and kill the
    /// process, which no catch can stop; real documents stay far below this.
    /// </summary>
    private const int MaxXmlDepth = 1_000;

    /// <summary>Checks the package's declared sizes against <paramref name="options"/>; leaves the stream at 0.</summary>
    /// <exception cref="DocumentParseException">Too large (<see cref="ParseFailure.DocumentTooLarge"/>) or not a readable ZIP.</exception>
    public static void Check(Stream content, ParsingOptions options)
    {
        content.Position = 0;
        try
        {
            // The central directory's sizes are what ZipArchive enforces when a part is inflated, so
            // checking them here bounds what the SDK can ever decompress.
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > options.MaxUncompressedBytes)
                {
                    throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                        $"The package inflates to more than {options.MaxUncompressedBytes:N0} bytes.");
                }

                if (entry.Length > RatioFloorBytes && entry.Length > (double)Math.Max(entry.CompressedLength, 1) * options.MaxCompressionRatio)
                {
                    throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                        $"A part of the package is compressed more than {options.MaxCompressionRatio}:1 (a zip bomb?).");
                }
            }

            foreach (var entry in zip.Entries.Where(LoadedAsTree))
            {
                CheckDepth(entry);
            }
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

    // Worksheets are streamed with OpenXmlReader (no tree), and may be huge: a second pass over them is waste.
    private static bool LoadedAsTree(ZipArchiveEntry entry) =>
        entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
        && !entry.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase);

    private static void CheckDepth(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            while (reader.Read())
            {
                if (reader.Depth > MaxXmlDepth)
                {
                    throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                        $"Part '{entry.FullName}' nests elements more than {MaxXmlDepth} deep.");
                }
            }
        }
        catch (XmlException)
        {
            // Malformed XML is the SDK's to report (as document_unreadable) when it loads the part.
        }
    }

    /// <summary>Checks the package, repairs dangling relationships (<see cref="PackageRepair"/>), then runs <paramref name="parse"/>, mapping package and XML errors to <see cref="ParseFailure.DocumentUnreadable"/>.</summary>
    public static ParsedDocument Run(Stream content, ParsingOptions options, string kind, Func<Stream, ParsedDocument> parse)
    {
        Check(content, options);
        try
        {
            using var repaired = PackageRepair.Repair(content);
            return parse(repaired ?? content);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException
            or FileFormatException or InvalidOperationException or IOException or UriFormatException)
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable, $"The {kind} package is damaged.", e);
        }
    }

    /// <summary>Settings for opening read-only, leniently (no markup-compatibility rewriting; we pick Choice ourselves).</summary>
    public static OpenSettings Settings => new() { AutoSave = false };
}
