using Microsoft.Extensions.AI;

namespace Folio.Retrieval.Embeddings;

/// <summary>Adds <see cref="CachingEmbeddingGenerator"/> to an embedding generator pipeline.</summary>
public static class CachingEmbeddingGeneratorBuilderExtensions
{
    /// <summary>Caches embeddings in the SQLite database at <paramref name="databasePath"/> (created when missing).</summary>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> UseSqliteCache(
        this EmbeddingGeneratorBuilder<string, Embedding<float>> builder,
        string databasePath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new CachingEmbeddingGenerator(inner, databasePath));
    }
}
