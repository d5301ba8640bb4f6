using System.Diagnostics;
using Folio.Extraction;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Folio.Retrieval.Ingestion;

/// <summary>
/// Runs one document's stages — parse → chunk → embed → index — from the stage its record names.
/// Each stage is idempotent (files are replaced whole, chunk ids are stable, upserts replace by id,
/// embeddings come from the cache on a rerun) and is recorded when done, so a process killed
/// anywhere resumes without losing the document or indexing it twice. A document deleted meanwhile
/// has its index entries removed here, after the fact; each index batch checks first that the document
/// is still the one claimed (<see cref="DocumentService.UpsertIfCurrentAsync"/>), so none lands after a delete.
/// </summary>
public sealed class IngestionPipeline
{
    private readonly DocumentStore _store;
    private readonly DocumentFiles _files;
    private readonly DocumentService _documents;
    private readonly ParserPool _parser;
    private readonly StructureChunker _chunker;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly IngestionOptions _options;
    private readonly ILogger<IngestionPipeline> _logger;

    /// <summary>Creates the pipeline over the stores and stages.</summary>
    public IngestionPipeline(DocumentStore store, DocumentFiles files, DocumentService documents, ParserPool parser, StructureChunker chunker,
        IEmbeddingGenerator<string, Embedding<float>> embedder, IngestionOptions options, ILogger<IngestionPipeline> logger)
    {
        _store = store;
        _files = files;
        _documents = documents;
        _parser = parser;
        _chunker = chunker;
        _embedder = embedder;
        _options = options;
        _logger = logger;
        ModelId = embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
            ?? throw new ArgumentException("The embedding generator must report a model id.", nameof(embedder));
    }

    /// <summary>The embedding model whose vectors this pipeline writes.</summary>
    public string ModelId { get; }

    /// <summary>
    /// Runs the remaining stages of a claimed document. Permanent failures (the parser's typed errors,
    /// a model mismatch) fail the document; other exceptions propagate for the caller to retry.
    /// </summary>
    public async Task RunAsync(DocumentRecord document, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            if (await RunStagesAsync(document, cancellationToken) is { } done)
            {
                Log.DocumentReady(_logger, document.Id, done.Pages, done.Chunks, clock.Elapsed.TotalSeconds);
            }
        }
        catch (DocumentParseException e)
        {
            await FailAsync(document, new DocumentError(e.ErrorCode, e.Message), cancellationToken);
        }
        catch (IndexModelMismatchException e)
        {
            await FailAsync(document, new DocumentError("index_model_mismatch", e.Message), cancellationToken);
        }
    }

    /// <summary>
    /// Fails the document for good and removes what it left in the index; nothing of a failed document
    /// stays searchable. If the index cannot be reached the document is failed anyway and the exception
    /// propagates, so the worker retries and a later pass removes what is left.
    /// </summary>
    public async Task FailAsync(DocumentRecord document, DocumentError error, CancellationToken cancellationToken = default)
    {
        if (!await _documents.FailAsync(document, error, cancellationToken))
        {
            await ForgetIfDeletedAsync(document, cancellationToken);
            return;
        }

        Log.DocumentFailed(_logger, document.Id, error.Code, error.Detail);
    }

    /// <summary>
    /// After the document's row was found gone: removes its index entries and files — unless the same
    /// bytes were uploaded again meanwhile (a new generation), whose files and chunks are the same and stay.
    /// </summary>
    public Task ForgetIfDeletedAsync(DocumentRecord document, CancellationToken cancellationToken = default) =>
        _documents.ForgetIfDeletedAsync(document, cancellationToken);

    private async Task<(int Pages, int Chunks)?> RunStagesAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        var stage = document.Stage;
        var pages = document.Pages;
        ParsedDocument? parsed = null;
        IReadOnlyList<Chunk>? chunks = null;
        IReadOnlyList<Embedding<float>>? vectors = null;

        if (stage == IngestionStage.Parse)
        {
            await using (var original = _files.OpenOriginal(document.Id)
                ?? throw new DocumentParseException(ParseFailure.DocumentUnreadable, "The stored file is missing."))
            {
                parsed = await _parser.ParseAsync(original, document.FileName, cancellationToken);
            }

            await _files.SaveParsedAsync(document.Id, parsed, cancellationToken);
            pages = parsed.Pages;
            if (!await AdvanceAsync(document, IngestionStage.Chunk, pages, null, cancellationToken))
            {
                return null;
            }

            stage = IngestionStage.Chunk;
        }

        if (stage == IngestionStage.Chunk)
        {
            parsed ??= await _files.LoadParsedAsync(document.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Document {document.Id} has no parsed file to chunk.");
            chunks = _chunker.Chunk(parsed, document.Id);
            await _files.SaveChunksAsync(document.Id, chunks, cancellationToken);
            if (!await AdvanceAsync(document, IngestionStage.Embed, null, chunks.Count, cancellationToken))
            {
                return null;
            }

            stage = IngestionStage.Embed;
        }

        chunks ??= await _files.LoadChunksAsync(document.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Document {document.Id} has no chunks file.");

        if (stage == IngestionStage.Embed)
        {
            vectors = await EmbedAsync(document, chunks, reportProgress: true, cancellationToken);
            if (vectors is null || !await AdvanceAsync(document, IngestionStage.Index, null, null, cancellationToken))
            {
                return null;
            }

            stage = IngestionStage.Index;
        }

        if (stage == IngestionStage.Index)
        {
            // After a restart between the stages the vectors come back from the embedding cache.
            vectors ??= await EmbedAsync(document, chunks, reportProgress: false, cancellationToken);
            if (vectors is null)
            {
                return null;
            }

            for (var i = 0; i < chunks.Count; i += _options.EmbedBatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = chunks.Skip(i).Take(_options.EmbedBatchSize)
                    .Select((chunk, j) => new ChunkVector(ToIndexed(document, chunk), vectors[i + j].Vector))
                    .ToList();
                if (!await _documents.UpsertIfCurrentAsync(document, ModelId, batch, cancellationToken))
                {
                    await ForgetIfDeletedAsync(document, cancellationToken);
                    return null;
                }
            }

            if (!await AdvanceAsync(document, IngestionStage.Done, null, null, cancellationToken))
            {
                return null;
            }
        }

        return (pages, chunks.Count);
    }

    private async Task<IReadOnlyList<Embedding<float>>?> EmbedAsync(DocumentRecord document, IReadOnlyList<Chunk> chunks, bool reportProgress, CancellationToken cancellationToken)
    {
        var vectors = new List<Embedding<float>>(chunks.Count);
        for (var i = 0; i < chunks.Count; i += _options.EmbedBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = chunks.Skip(i).Take(_options.EmbedBatchSize).Select(c => c.EmbeddingText).ToList();
            vectors.AddRange(await _embedder.GenerateAsync(batch, cancellationToken: cancellationToken));
            if (reportProgress && !await _store.ReportProgressAsync(document, vectors.Count, cancellationToken))
            {
                await ForgetIfDeletedAsync(document, cancellationToken);
                return null;
            }
        }

        return vectors;
    }

    /// <summary>Records a finished stage; when the document was deleted meanwhile, cleans up after it and says so.</summary>
    private async Task<bool> AdvanceAsync(DocumentRecord document, IngestionStage next, int? pages, int? chunks, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (await _store.CompleteStageAsync(document, next, pages, chunks, cancellationToken))
        {
            return true;
        }

        await ForgetIfDeletedAsync(document, cancellationToken);
        return false;
    }

    private static IndexedChunk ToIndexed(DocumentRecord document, Chunk chunk) => new(
        chunk.Id, document.Id, document.Collection, document.FileName, chunk.Index, chunk.Text, chunk.HeadingPath,
        chunk.Page, chunk.LastPage, chunk.Start, chunk.End, document.Tags);
}
