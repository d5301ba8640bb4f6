using Microsoft.Extensions.Logging;

namespace Folio.Retrieval;

/// <summary>Retrieval's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Embedding model {ModelId} ({Dimensions} dims) loaded on {Device}: {Sessions} session(s) x {Threads} thread(s), max {MaxTokens} tokens, in {ElapsedMs} ms")]
    public static partial void EmbeddingModelLoaded(ILogger logger, string modelId, int dimensions, Folio.Retrieval.Embeddings.EmbeddingDevice device, int sessions, int threads, int maxTokens, long elapsedMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "CUDA execution provider unavailable ({Reason}); embeddings run on CPU")]
    public static partial void CudaUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Quantised {ModelName} to int8 once, cached at {Folder}")]
    public static partial void ModelQuantized(ILogger logger, string modelName, string folder);
}
