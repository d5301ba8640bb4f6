using Folio.Retrieval.Index;

namespace Folio.Retrieval.Search;

/// <summary>A ranked chunk with the evidence for it (the chunk's sentence that best matches the query).</summary>
public sealed record SearchHit(IndexedChunk Chunk, double Score, Evidence Evidence);
