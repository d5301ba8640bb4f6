namespace Folio.Retrieval.Index;

/// <summary>
/// Optional capability of an <see cref="IChunkIndex"/> (probe it with <c>is</c>): vector and keyword
/// search fused inside the index in one call (reciprocal rank fusion).
/// </summary>
public interface IHybridChunkIndex
{
    /// <summary>The chunks that rank best by both <paramref name="vector"/> and the words of <paramref name="query"/>, best first; score = fused RRF score.</summary>
    /// <exception cref="IndexModelMismatchException">The collection holds embeddings of another model.</exception>
    /// <exception cref="ArgumentException">The vector's length is not the collection's dimension.</exception>
    IAsyncEnumerable<ChunkHit> SearchHybridAsync(string modelId, ReadOnlyMemory<float> vector, string query, ChunkFilter filter, int topK, CancellationToken cancellationToken = default);
}
