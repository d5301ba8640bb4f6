namespace Folio.Retrieval.Documents;

/// <summary>The next stage a document needs; each stage is idempotent, so a restart resumes here.</summary>
public enum IngestionStage
{
    /// <summary>Parse the stored file into a parsed document.</summary>
    Parse,
    /// <summary>Cut the parsed document into chunks.</summary>
    Chunk,
    /// <summary>Embed the chunks (vectors land in the embedding cache).</summary>
    Embed,
    /// <summary>Upsert chunks and vectors into the chunk index.</summary>
    Index,
    /// <summary>Nothing left to do.</summary>
    Done,
}
