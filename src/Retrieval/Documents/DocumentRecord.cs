namespace Folio.Retrieval.Documents;

/// <summary>A stored document's metadata and ingestion state, as the document store keeps it.</summary>
/// <param name="Id">Deterministic id: the same bytes in the same collection give the same id.</param>
/// <param name="Collection">The collection it belongs to.</param>
/// <param name="FileName">The uploaded file name.</param>
/// <param name="MediaType">The media type sniffed from its bytes.</param>
/// <param name="Sha256">SHA-256 of its bytes, lower-case hex.</param>
/// <param name="Tags">User tags, one value per key.</param>
/// <param name="Status">Queued, processing, ready or failed.</param>
/// <param name="Stage">The next stage to run.</param>
/// <param name="Error">Why it failed; null unless failed or retrying.</param>
/// <param name="Pages">Pages found by the parser (0 until parsed).</param>
/// <param name="Chunks">Chunks made (0 until chunked).</param>
/// <param name="ChunksEmbedded">Chunks embedded so far (progress of the embed stage).</param>
/// <param name="Attempts">Transient failures so far.</param>
/// <param name="CreatedAt">When it was first uploaded.</param>
/// <param name="UpdatedAt">When its state last changed.</param>
/// <param name="Generation">Changes when the same id is stored afresh (uploaded again after a delete or a failure); stage updates must name it.</param>
public sealed record DocumentRecord(
    string Id,
    string Collection,
    string FileName,
    string MediaType,
    string Sha256,
    IReadOnlyDictionary<string, string> Tags,
    DocumentStatus Status,
    IngestionStage Stage,
    DocumentError? Error,
    int Pages,
    int Chunks,
    int ChunksEmbedded,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Generation);
