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

    /// <summary>
    /// Content types of the parts read with the SDK's SAX reader, never as a tree: they may be huge and
    /// are bounded by the text limit as they stream, so they need neither the depth pass nor the tree budget.
    /// The SDK refuses a typed part whose content type is not its own, so no other part is loaded under these.
    /// </summary>
    private static readonly HashSet<string> StreamedContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
    };

    /// <summary>
    /// Checks the package's declared sizes against <paramref name="options"/>, then the size and nesting
    /// depth of every XML part the SDK may load as a tree; leaves the stream at 0.
    /// </summary>
    /// <exception cref="DocumentParseException">Too large (<see cref="ParseFailure.DocumentTooLarge"/>) or not a readable ZIP.</exception>
    public static void Check(Stream content, ParsingOptions options)
    {
        content.Position = 0;
        try
        {
            // The central directory's sizes are what ZipArchive enforces when a part is inflated (it
            // stops at the declared length), so checking them here bounds what the SDK can ever decompress.
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

            // Part names need no extension and may sit in any folder ("/word/document.dat" through a
            // content-type override), so what counts is the content: every XML part but the streamed ones.
            var streamed = StreamedParts(zip);
            var trees = zip.Entries.Where(e => !streamed.Contains(e.FullName) && IsXml(e)).ToList();
            var treeBytes = trees.Sum(e => e.Length);
            if (treeBytes > options.MaxLoadedXmlBytes)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                    $"The package's XML parts read whole come to {treeBytes:N0} bytes; the limit is {options.MaxLoadedXmlBytes:N0}.");
            }

            foreach (var entry in trees)
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

    /// <summary>
    /// ZIP entry names given a streamed content type by an explicit <c>Override</c> in
    /// <c>[Content_Types].xml</c>, as real packages declare worksheets. A type given by extension
    /// (<c>Default</c>) exempts nothing: such a part is merely checked like any other.
    /// </summary>
    private static HashSet<string> StreamedParts(ZipArchive zip)
    {
        var parts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (zip.GetEntry("[Content_Types].xml") is not { } types)
        {
            return parts;
        }

        using var stream = types.Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        try
        {
            while (reader.Read())
            {
                if (reader is { NodeType: XmlNodeType.Element, LocalName: "Override" }
                    && reader.GetAttribute("ContentType") is { } type && StreamedContentTypes.Contains(type)
                    && reader.GetAttribute("PartName") is { Length: > 1 } name && name[0] == '/')
                {
                    parts.Add(Uri.UnescapeDataString(name[1..]));
                }
            }
        }
        catch (XmlException)
        {
            // The SDK refuses the package when it opens it; until then nothing is exempt.
            parts.Clear();
        }

        return parts;
    }

    /// <summary>
    /// True when the entry's first byte after byte-order marks (UTF-8, UTF-16, UTF-32), white space and the
    /// NULs of wide encodings is '&lt;': an XML reader detects UTF-16 or UTF-32 from "\0&lt;" alone, marks or no marks.
    /// </summary>
    private static bool IsXml(ZipArchiveEntry entry)
    {
        if (entry.Length == 0)
        {
            return false;
        }

        using var stream = entry.Open();
        Span<byte> head = stackalloc byte[512];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var first = head[..read].IndexOfAnyExcept(BeforeXml);
        return first >= 0 ? head[first] == (byte)'<' : read == head.Length;
    }

    private static ReadOnlySpan<byte> BeforeXml => [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', 0, 0xEF, 0xBB, 0xBF, 0xFE, 0xFF];

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
