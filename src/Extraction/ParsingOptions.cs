using System.ComponentModel.DataAnnotations;

namespace Folio.Extraction;

/// <summary>Limits on what a parser accepts (configuration section <c>Parsing</c>).</summary>
public sealed class ParsingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Parsing";

    /// <summary>Largest file accepted. Default: 100 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Most pages (PDF), slides or sheets read; more is <c>document_too_large</c>. Default: 5,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxPages { get; set; } = 5_000;

    /// <summary>Wall-clock limit for parsing one document; past it, <c>document_unreadable</c>. Default: 120 s (1 s to 1 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest total uncompressed size of an OOXML package (zip bombs). Default: 1 GiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUncompressedBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>
    /// Largest total uncompressed size of the XML parts of an OOXML package that are read whole, as
    /// trees (document, slides, styles, notes…; worksheets and shared strings are streamed and count
    /// only against <see cref="MaxUncompressedBytes"/>). A tree costs about 8× its XML in memory while
    /// the document is parsed. Default: 64 MiB.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxLoadedXmlBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest uncompressed/compressed ratio of any OOXML part (zip bombs). Default: 200.</summary>
    [Range(1, int.MaxValue)]
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Deepest nesting of XML/HTML elements or tables followed. Default: 64.</summary>
    [Range(1, 10_000)]
    public int MaxNestingDepth { get; set; } = 64;

    /// <summary>
    /// Most elements an HTML or Markdown document may make its parser build, estimated from the text
    /// before parsing (HTML: start tags plus reconstructed formatting elements; Markdown: lines, table
    /// cells and inline markers). Each costs about 1 KB while parsed: 8 MB of <c>&lt;td&gt;x</c> took
    /// 2 GB. More is <c>document_too_large</c>. Default: 500,000.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxMarkupElements { get; set; } = 500_000;

    /// <summary>Most characters of text kept from one document; more is <c>document_too_large</c>. Default: 50,000,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTextCharacters { get; set; } = 50_000_000;

    /// <summary>Where documents are parsed. Default: <see cref="ParseIsolation.Process"/> (a worker process).</summary>
    public ParseIsolation Isolation { get; set; } = ParseIsolation.Process;

    /// <summary>
    /// Most documents parsed at once, shared by <c>/v1/parse</c> and ingestion (one worker process each);
    /// more wait for a free slot. Default: 2.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentParses { get; set; } = 2;

    /// <summary>
    /// Managed heap limit of one worker process (<c>DOTNET_GCHeapHardLimit</c>); a document that needs more
    /// fails as <c>document_too_large</c>. Default: 2 GiB.
    /// </summary>
    [Range(64L * 1024 * 1024, long.MaxValue)]
    public long WorkerMemoryBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}
