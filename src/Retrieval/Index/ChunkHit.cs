namespace Folio.Retrieval.Index;

/// <summary>A search result: higher <paramref name="Score"/> is better (cosine similarity, negated bm25, or fused rank score).</summary>
public sealed record ChunkHit(IndexedChunk Chunk, double Score);
