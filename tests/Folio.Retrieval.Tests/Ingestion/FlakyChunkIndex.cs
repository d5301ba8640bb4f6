using Folio.Retrieval.Index;

namespace Folio.Retrieval.Tests.Ingestion;

/// <summary>Wraps a real index; upserts call <see cref="OnUpsert"/> and <see cref="OnUpsertBatch"/>, then throw <see cref="ChunkIndexUnavailableException"/> while <see cref="FailuresLeft"/> is positive.</summary>
internal sealed class FlakyChunkIndex(IChunkIndex inner) : IChunkIndex
{
    public int FailuresLeft { get; set; }

    public Action? OnUpsert { get; set; }

    public Action<IReadOnlyList<ChunkVector>>? OnUpsertBatch { get; set; }

    public Task UpsertAsync(string modelId, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default)
    {
        OnUpsert?.Invoke();
        OnUpsertBatch?.Invoke(chunks);
        return FailuresLeft-- > 0 ? throw new ChunkIndexUnavailableException("The test index is down.") : inner.UpsertAsync(modelId, chunks, cancellationToken);
    }

    public Task DeleteDocumentAsync(string collection, string documentId, CancellationToken cancellationToken = default) =>
        inner.DeleteDocumentAsync(collection, documentId, cancellationToken);

    public IAsyncEnumerable<ChunkHit> SearchVectorAsync(string modelId, ReadOnlyMemory<float> vector, ChunkFilter filter, int topK, CancellationToken cancellationToken = default) =>
        inner.SearchVectorAsync(modelId, vector, filter, topK, cancellationToken);

    public IAsyncEnumerable<ChunkHit> SearchKeywordsAsync(string query, ChunkFilter filter, int topK, CancellationToken cancellationToken = default) =>
        inner.SearchKeywordsAsync(query, filter, topK, cancellationToken);

    public IAsyncEnumerable<IndexedDocument> ListDocumentsAsync(CancellationToken cancellationToken = default) => inner.ListDocumentsAsync(cancellationToken);

    public Task<long> CountAsync(ChunkFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);
}
