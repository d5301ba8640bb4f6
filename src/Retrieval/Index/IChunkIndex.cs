namespace Folio.Retrieval.Index;

/// <summary>
/// Where chunks, their vectors and their keywords live. Implementations: <c>EmbeddedChunkIndex</c>
/// (SQLite + FTS5 + USearch) and <c>QdrantChunkIndex</c>. Thread-safe.
/// </summary>
public interface IChunkIndex
{
    /// <summary>Adds or replaces chunks (by <see cref="IndexedChunk.ChunkId"/>) embedded by <paramref name="modelId"/>.</summary>
    /// <exception cref="IndexModelMismatchException">The collection holds embeddings of another model.</exception>
    Task UpsertAsync(string modelId, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk, vector and keyword entry of a document. Removing nothing is not an error.</summary>
    Task DeleteDocumentAsync(string collection, string documentId, CancellationToken cancellationToken = default);

    /// <summary>The chunks nearest to <paramref name="vector"/>, best first; score = cosine similarity.</summary>
    IAsyncEnumerable<ChunkHit> SearchVectorAsync(string modelId, ReadOnlyMemory<float> vector, ChunkFilter filter, int topK, CancellationToken cancellationToken = default);

    /// <summary>The chunks that best match the words of <paramref name="query"/> (BM25), best first.</summary>
    IAsyncEnumerable<ChunkHit> SearchKeywordsAsync(string query, ChunkFilter filter, int topK, CancellationToken cancellationToken = default);

    /// <summary>Every document the index holds chunks of, across collections (start-up checks it against the document rows).</summary>
    IAsyncEnumerable<IndexedDocument> ListDocumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>How many chunks match the filter (used to check ingestion and deletion).</summary>
    Task<long> CountAsync(ChunkFilter filter, CancellationToken cancellationToken = default);
}
