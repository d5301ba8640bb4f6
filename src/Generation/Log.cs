using Folio.Generation.Chat;
using Microsoft.Extensions.Logging;

namespace Folio.Generation;

/// <summary>Folio.Generation's log messages (source-generated), one place for the whole library.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Chat backend {Backend}: model {Model} on {Device}, context {ContextTokens} tokens")]
    public static partial void ChatBackendReady(ILogger logger, ChatBackend backend, string? model, string device, int? contextTokens);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Chat backend {Backend} (model {Model}) cannot answer: {Problem}")]
    public static partial void ChatBackendUnavailable(ILogger logger, ChatBackend backend, string? model, string problem);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "No chat backend configured: answers are extractive")]
    public static partial void NoChatBackend(ILogger logger);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "A generative answer has {Ungrounded} ungrounded citations of {Total}")]
    public static partial void UngroundedAnswer(ILogger logger, int ungrounded, int total);
}
