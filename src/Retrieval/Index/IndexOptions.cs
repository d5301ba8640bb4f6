using System.ComponentModel.DataAnnotations;

namespace Folio.Retrieval.Index;

/// <summary>Where chunks are indexed and how (configuration section <c>Index</c>). The embedded index takes its data folder in its constructor.</summary>
public sealed class IndexOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Index";

    /// <summary>Which implementation runs. Default: <see cref="IndexKind.Embedded"/>.</summary>
    public IndexKind Kind { get; set; } = IndexKind.Embedded;

    /// <summary>Qdrant's gRPC endpoint (used when <see cref="Kind"/> is Qdrant). Default: http://localhost:6334.</summary>
    public Uri QdrantEndpoint { get; set; } = new("http://localhost:6334");

    /// <summary>Qdrant API key, sent as the <c>api-key</c> header. Default: none.</summary>
    public string? QdrantApiKey { get; set; }

    /// <summary>Deadline of one Qdrant call; past it the index is reported unavailable. Default: 30 s (1 s to 10 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan QdrantTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>HNSW connectivity (M, edges per node) of new embedded graphs. Default: 16 (USearch's default).</summary>
    [Range(4, 128)]
    public int HnswConnectivity { get; set; } = 16;

    /// <summary>HNSW expansion (ef) while adding to new embedded graphs. Default: 128 (USearch's default).</summary>
    [Range(8, 4096)]
    public int HnswExpansionAdd { get; set; } = 128;

    /// <summary>HNSW expansion (ef) while searching; USearch fixes it when the graph is created or loaded. Default: 64 (USearch's default).</summary>
    [Range(8, 4096)]
    public int HnswExpansionSearch { get; set; } = 64;

    /// <summary>
    /// A filtered vector search whose filter leaves at most this many chunks compares the query with
    /// each of them exactly instead of walking the graph (exact and faster for selective filters). Default: 4,096 chunks.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ExactSearchMaxCandidates { get; set; } = 4_096;

    /// <summary>A filtered graph search first fetches topK × this many neighbours, and multiplies again until enough pass the filter. Default: 4.</summary>
    [Range(2, 64)]
    public int OverFetchFactor { get; set; } = 4;

    /// <summary>
    /// How long a collection must go without changes before its embedded graph is written to its file (it is
    /// also written on dispose, and at least every 5 minutes while changes keep coming; after a crash the chunks
    /// added since the last save are added from SQLite). Default: 2 s (10 ms to 10 min).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan SaveDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Most chunks one embedded keyword search ranks with bm25 (FTS5 scores every match, a few µs each): query
    /// terms are taken most selective first while their matches fit; when even the rarest term matches more,
    /// the chunks holding all the (common) terms are ranked, the newest this-many of them. Default: 4,096 chunks.
    /// </summary>
    [Range(64, 1_000_000)]
    public int KeywordMaxScoredChunks { get; set; } = 4_096;
}
