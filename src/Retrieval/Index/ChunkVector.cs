namespace Folio.Retrieval.Index;

/// <summary>A chunk with its embedding, ready to upsert.</summary>
public sealed record ChunkVector(IndexedChunk Chunk, ReadOnlyMemory<float> Vector);
