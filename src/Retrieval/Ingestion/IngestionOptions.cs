using System.ComponentModel.DataAnnotations;

namespace Folio.Retrieval.Ingestion;

/// <summary>How the background ingestion runs (configuration section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Ingestion";

    /// <summary>
    /// Documents processed at once. Default: 2 — one can parse while the other embeds; the embedder
    /// itself spreads a document's chunks over its sessions.
    /// </summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>Chunks per embedding call (progress is recorded after each). Default: 32.</summary>
    [Range(1, 4096)]
    public int EmbedBatchSize { get; set; } = 32;

    /// <summary>Transient failures tolerated before a document fails. Default: 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Times a document may be claimed by a worker and left unfinished by a process that died; past it,
    /// the next start fails the document instead of retrying a file that keeps crashing the service. A graceful
    /// shutdown does not count, nor does a parser worker process crash (that fails only its own document at once). Default: 3.
    /// </summary>
    [Range(1, 100)]
    public int MaxClaims { get; set; } = 3;

    /// <summary>First retry delay; doubles with each attempt. Default: 2 s (10 ms to 1 h).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest <c>?wait=true</c> upload waits for its documents before answering 202. Default: 10 min (1 s to 1 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most files in one upload request. Default: 50.</summary>
    [Range(1, 10_000)]
    public int MaxFilesPerRequest { get; set; } = 50;

    /// <summary>
    /// Most tags one document may carry (distinct keys); more is refused with <c>validation_failed</c>. Tags are
    /// stored once per document, but Qdrant keeps them on every chunk's point, so they stay bounded. Default: 32.
    /// </summary>
    [Range(1, 1_024)]
    public int MaxTagsPerDocument { get; set; } = 32;

    /// <summary>Largest upload request body, all its files together (each also within <c>Parsing:MaxBytes</c>); more is <c>document_too_large</c>. Default: 1 GiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 1L << 30;
}
