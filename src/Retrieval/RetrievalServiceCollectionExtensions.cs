using Folio.Extraction;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Access;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Embeddings;
using Folio.Retrieval.Index;
using Folio.Retrieval.Ingestion;
using Folio.Retrieval.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Folio.Retrieval;

/// <summary>
/// Registers storage, chunking, embeddings, the chunk index, ingestion and search, each bound to its
/// configuration section and validated at start-up, plus the invariant that ties chunking to the model.
/// Needs the parser pool <c>AddFolioExtraction</c> registers.
/// </summary>
public static class RetrievalServiceCollectionExtensions
{
    /// <summary>Registers Retrieval from its configuration sections (<c>Storage</c>, <c>Chunking</c>, <c>Ingestion</c>, <c>Embeddings</c>, <c>Index</c>), including the ingestion worker as a hosted service.</summary>
    public static IServiceCollection AddFolioRetrieval(this IServiceCollection services, IConfiguration configuration)
    {
        Bind<StorageOptions>(services, configuration, StorageOptions.Section);
        Bind<ChunkingOptions>(services, configuration, ChunkingOptions.Section);
        Bind<IngestionOptions>(services, configuration, IngestionOptions.Section);
        Bind<EmbeddingOptions>(services, configuration, EmbeddingOptions.Section)
            .PostConfigure<IOptions<StorageOptions>>((embeddings, storage) =>
                embeddings.CacheFolder ??= Path.Combine(Path.GetFullPath(storage.Value.DataFolder), "models"));
        Bind<IndexOptions>(services, configuration, IndexOptions.Section);
        services.AddOptions<ChunkingOptions>().Validate<IOptions<EmbeddingOptions>>(
            (chunking, embeddings) => chunking.MaxTokens + 2 <= embeddings.Value.MaxTokens,
            $"{ChunkingOptions.Section}:{nameof(ChunkingOptions.MaxTokens)} plus [CLS] and [SEP] must fit {EmbeddingOptions.Section}:{nameof(EmbeddingOptions.MaxTokens)}, or chunk ends are cut off before embedding.");

        services.AddSingleton(sp => DataFolder.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder));
        services.AddSingleton(sp => new DocumentStore(sp.GetRequiredService<DataFolder>().Root));
        services.AddSingleton(sp => new DocumentFiles(sp.GetRequiredService<DataFolder>().Root));

        services.AddSingleton<OnnxEmbeddingGenerator>();
        services.AddSingleton(sp => new StructureChunker(sp.GetRequiredService<OnnxEmbeddingGenerator>().Tokenizer, sp.GetRequiredService<IOptions<ChunkingOptions>>().Value));
        services.AddSingleton(sp => new EmbeddingGeneratorBuilder<string, Embedding<float>>(sp.GetRequiredService<OnnxEmbeddingGenerator>())
            .UseSqliteCache(Path.Combine(sp.GetRequiredService<DataFolder>().Root, "embedding-cache.db"))
            .Build(sp));

        services.AddSingleton<IChunkIndex>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IndexOptions>>().Value;
            return options.Kind switch
            {
                IndexKind.Qdrant => new QdrantChunkIndex(options, sp.GetRequiredService<ILogger<QdrantChunkIndex>>()),
                _ => new EmbeddedChunkIndex(sp.GetRequiredService<DataFolder>().Root, options, sp.GetRequiredService<ILogger<EmbeddedChunkIndex>>()),
            };
        });

        services.AddSingleton<DocumentLocks>();
        services.AddSingleton(sp => new DocumentService(sp.GetRequiredService<DocumentStore>(), sp.GetRequiredService<DocumentFiles>(),
            sp.GetRequiredService<IChunkIndex>(), sp.GetRequiredService<DocumentLocks>(), sp.GetRequiredService<ILogger<DocumentService>>()));

        services.AddSingleton<IngestionSignal>();
        services.AddSingleton(sp => new IngestionPipeline(
            sp.GetRequiredService<DocumentStore>(), sp.GetRequiredService<DocumentFiles>(), sp.GetRequiredService<DocumentService>(), sp.GetRequiredService<ParserPool>(),
            sp.GetRequiredService<StructureChunker>(), sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value, sp.GetRequiredService<ILogger<IngestionPipeline>>()));
        services.AddHostedService(sp => new IngestionWorker(
            sp.GetRequiredService<DocumentStore>(), sp.GetRequiredService<DocumentService>(), sp.GetRequiredService<IngestionPipeline>(), sp.GetRequiredService<IngestionSignal>(),
            sp.GetRequiredService<IOptions<IngestionOptions>>().Value, sp.GetRequiredService<ILogger<IngestionWorker>>()));

        // Every collection is visible in process; a host with callers (the API's keys) registers its own rule first.
        services.TryAddSingleton<ICollectionAccess, AllCollections>();
        services.AddSingleton<VisibleDocuments>();
        services.AddSingleton<EvidenceLocator>();
        // Queries are embedded without the cache: every distinct query would otherwise be stored for good.
        services.AddSingleton(sp => new ChunkSearch(sp.GetRequiredService<IChunkIndex>(), sp.GetRequiredService<OnnxEmbeddingGenerator>(), sp.GetRequiredService<EvidenceLocator>(),
            sp.GetRequiredService<ICollectionAccess>()));
        return services;
    }

    private static OptionsBuilder<T> Bind<T>(IServiceCollection services, IConfiguration configuration, string section) where T : class =>
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
