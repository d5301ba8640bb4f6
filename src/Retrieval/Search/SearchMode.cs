namespace Folio.Retrieval.Search;

/// <summary>How a search ranks chunks.</summary>
public enum SearchMode
{
    /// <summary>Vector and keyword rankings fused by reciprocal rank (the default).</summary>
    Hybrid,
    /// <summary>Cosine similarity of embeddings only.</summary>
    Vector,
    /// <summary>BM25 over the chunks' words only.</summary>
    Keyword,
}
