using Folio.Retrieval.Documents;

namespace Folio.Api.Features.Documents;

/// <summary>A document as <c>GET /v1/documents/{id}</c> shows it, with its ingestion progress.</summary>
public sealed record DocumentResponse(
    string Id,
    string Collection,
    string FileName,
    string MediaType,
    string Sha256,
    IReadOnlyDictionary<string, string> Tags,
    DocumentStatus Status,
    DocumentResponse.ProgressView Progress,
    DocumentError? Error,
    int Pages,
    int Chunks,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DocumentResponse From(DocumentRecord d) => new(
        d.Id, d.Collection, d.FileName, d.MediaType, d.Sha256, d.Tags, d.Status,
        new ProgressView(d.Stage, d.ChunksEmbedded, d.Chunks, d.Attempts),
        d.Status is DocumentStatus.Failed or DocumentStatus.Queued ? d.Error : null,
        d.Pages, d.Chunks, d.CreatedAt, d.UpdatedAt);

    /// <summary>The next stage, chunks embedded of the total, and transient failures so far.</summary>
    public sealed record ProgressView(IngestionStage Stage, int ChunksEmbedded, int ChunksTotal, int Attempts);
}
