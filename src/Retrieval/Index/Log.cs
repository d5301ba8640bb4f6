using Microsoft.Extensions.Logging;

namespace Folio.Retrieval.Index;

/// <summary>The index's source-generated log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Rebuilt the vector graph of collection {Collection} (model {ModelId}) from SQLite: {Reason}; {Count} vectors in {ElapsedMs} ms")]
    public static partial void GraphRebuilt(ILogger logger, string collection, string modelId, string reason, long count, long elapsedMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Loaded the vector graph of collection {Collection}: {Count} vectors")]
    public static partial void GraphLoaded(ILogger logger, string collection, long count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Could not save the vector graph of collection {Collection}; it will be rebuilt from SQLite on next open")]
    public static partial void GraphSaveFailed(ILogger logger, Exception exception, string collection);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Created Qdrant collection {QdrantCollection} ({Dimensions} dimensions)")]
    public static partial void QdrantCollectionCreated(ILogger logger, string qdrantCollection, int dimensions);
}
