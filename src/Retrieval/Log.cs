using Microsoft.Extensions.Logging;

namespace Folio.Retrieval;

/// <summary>Folio.Retrieval's log messages (source-generated), one place for the whole library.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Document {DocumentId} ready: {Pages} pages, {Chunks} chunks in {Seconds:F1} s")]
    public static partial void DocumentReady(ILogger logger, string documentId, int pages, int chunks, double seconds);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Document {DocumentId} failed: {ErrorCode} {Detail}")]
    public static partial void DocumentFailed(ILogger logger, string documentId, string errorCode, string detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Document {DocumentId} hit a transient failure (attempt {Attempt}); retrying in {Delay}")]
    public static partial void DocumentRetry(ILogger logger, Exception exception, string documentId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Requeued {Requeued} documents interrupted by the last shutdown; failed {Failed} interrupted {MaxClaims} times")]
    public static partial void Requeued(ILogger logger, int requeued, int failed, int maxClaims);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Document {DocumentId} was deleted while ingesting; its index entries were removed")]
    public static partial void DeletedWhileIngesting(ILogger logger, string documentId);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Ingestion worker loop failed; it restarts in a second")]
    public static partial void WorkerLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Start-up check: removed what {Removed} deleted or failed documents left behind; queued {Requeued} ready documents again")]
    public static partial void Swept(ILogger logger, int removed, int requeued);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Document {DocumentId} is ready but the index holds {Indexed} of its {Chunks} chunks; queued again")]
    public static partial void RequeuedShortOfChunks(ILogger logger, string documentId, long indexed, int chunks);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "The start-up check of index entries and files against documents failed; it runs again at the next start")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Embedding model {ModelId} ({Dimensions} dims) loaded on {Device}: {Sessions} session(s) x {Threads} thread(s), max {MaxTokens} tokens, in {ElapsedMs} ms")]
    public static partial void EmbeddingModelLoaded(ILogger logger, string modelId, int dimensions, Folio.Retrieval.Embeddings.EmbeddingDevice device, int sessions, int threads, int maxTokens, long elapsedMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "CUDA execution provider unavailable ({Reason}); embeddings run on CPU")]
    public static partial void CudaUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Quantised {ModelName} to int8 once, cached at {Folder}")]
    public static partial void ModelQuantized(ILogger logger, string modelName, string folder);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Rebuilt the vector graph of collection {Collection} (model {ModelId}) from SQLite: {Reason}; {Count} vectors in {ElapsedMs} ms")]
    public static partial void GraphRebuilt(ILogger logger, string collection, string modelId, string reason, long count, long elapsedMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Loaded the vector graph of collection {Collection}: {Count} vectors")]
    public static partial void GraphLoaded(ILogger logger, string collection, long count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Could not save the vector graph of collection {Collection}; it will be rebuilt from SQLite on next open")]
    public static partial void GraphSaveFailed(ILogger logger, Exception exception, string collection);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Caught up the vector graph of collection {Collection} from SQLite: added the {Added} chunks stored after its last save, {Count} vectors in {ElapsedMs} ms")]
    public static partial void GraphCaughtUp(ILogger logger, string collection, long added, long count, long elapsedMs);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Created Qdrant collection {QdrantCollection} ({Dimensions} dimensions)")]
    public static partial void QdrantCollectionCreated(ILogger logger, string qdrantCollection, int dimensions);
}
