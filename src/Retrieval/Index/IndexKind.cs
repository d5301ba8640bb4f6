namespace Folio.Retrieval.Index;

/// <summary>Which <see cref="IChunkIndex"/> implementation runs.</summary>
public enum IndexKind
{
    /// <summary><see cref="EmbeddedChunkIndex"/>: SQLite + FTS5 + USearch files in the data folder.</summary>
    Embedded,

    /// <summary><see cref="QdrantChunkIndex"/>: a Qdrant server over gRPC.</summary>
    Qdrant,
}
