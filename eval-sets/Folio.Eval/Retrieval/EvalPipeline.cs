using System.Security.Cryptography;
using Folio.Extraction;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Embeddings;
using Folio.Retrieval.Index;
using Folio.Retrieval.Ingestion;
using Folio.Retrieval.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Eval.Retrieval;

/// <summary>
/// Folio's real ingestion pipeline and search over a fresh data folder, composed as the API composes
/// them (embedded index, SQLite embedding cache), so evaluations measure what users get.
/// </summary>
internal sealed class EvalPipeline : IDisposable
{
    private readonly OnnxEmbeddingGenerator _model;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly EmbeddedChunkIndex _index;
    private readonly DocumentLocks _locks = new();
    private readonly ParserPool _parser = new(new ParsingOptions(), NullLogger<ParserPool>.Instance);

    /// <param name="dataFolder">The data folder, laid out as the service lays it out (the service can be started over it).</param>
    /// <param name="embeddingOptions">The embedding model's options; default: the service's defaults, the model cached under the data folder.</param>
    /// <param name="chunkEmbedder">
    /// What ingestion embeds chunks with instead of the cached model (ask-bench's distractors reuse vectors computed
    /// once); it must report the model's id. Search embeds queries with the model regardless.
    /// </param>
    public EvalPipeline(string dataFolder, EmbeddingOptions? embeddingOptions = null, IEmbeddingGenerator<string, Embedding<float>>? chunkEmbedder = null)
    {
        DataFolder = dataFolder;
        _model = new OnnxEmbeddingGenerator(Options.Create(embeddingOptions ?? new EmbeddingOptions { CacheFolder = Path.Combine(dataFolder, "models") }),
            NullLogger<OnnxEmbeddingGenerator>.Instance);
        _embedder = new CachingEmbeddingGenerator(_model, Path.Combine(dataFolder, "embedding-cache.db"));
        _index = new EmbeddedChunkIndex(dataFolder, new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);
        Store = new DocumentStore(dataFolder);
        Files = new DocumentFiles(dataFolder);
        Documents = new DocumentService(Store, Files, _index, _locks, NullLogger<DocumentService>.Instance);
        Pipeline = new IngestionPipeline(Store, Files, Documents, _parser,
            new StructureChunker(_model.Tokenizer, new ChunkingOptions()), chunkEmbedder ?? _embedder, new IngestionOptions(), NullLogger<IngestionPipeline>.Instance);
        Evidence = new EvidenceLocator(Files);
        Search = new ChunkSearch(_index, _model, Evidence);
    }

    public string DataFolder { get; }

    public DocumentStore Store { get; }

    public DocumentFiles Files { get; }

    public DocumentService Documents { get; }

    public IngestionPipeline Pipeline { get; }

    public ChunkSearch Search { get; }

    public IChunkIndex Index => _index;

    public EvidenceLocator Evidence { get; }

    /// <summary>The embedding model without the cache, as search and answering use it for queries.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Model => _model;

    public string ModelId => _model.ModelId;

    /// <summary>The embedding model behind the cache ingestion fills: the vectors of chunks already ingested come back without running the model.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CachedModel => _embedder;

    /// <summary>Stores a file as an upload does, then runs the pipeline on it; returns the document id.</summary>
    public async Task<string> IngestAsync(string collection, byte[] bytes, string fileName, CancellationToken cancellationToken = default)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var upload = Path.Combine(DataFolder, "upload-" + sha256);
        await File.WriteAllBytesAsync(upload, bytes, cancellationToken);
        var (document, _) = await Documents.AddAsync(collection, fileName, "text/plain", sha256, new Dictionary<string, string>(), upload, cancellationToken);
        await Pipeline.RunAsync(document, cancellationToken);
        return document.Id;
    }

    public void Dispose()
    {
        _index.Dispose();
        _locks.Dispose();
        _parser.Dispose();
        _embedder.Dispose();
        _model.Dispose();
    }
}
