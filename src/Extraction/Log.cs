using Microsoft.Extensions.Logging;

namespace Folio.Extraction;

/// <summary>Folio.Extraction's log messages (source-generated), one place for the whole library.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Parser worker {ProcessId} started")]
    public static partial void WorkerStarted(ILogger logger, int processId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Parser worker {ProcessId} stopped while parsing {FileName} (exit code {ExitCode}); it is replaced. Its error output: {Errors}")]
    public static partial void WorkerCrashed(ILogger logger, int processId, string fileName, int? exitCode, string errors);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "Parser worker {ProcessId} ran past the {Seconds:N0} s limit on {FileName}; it was killed and is replaced")]
    public static partial void WorkerTimedOut(ILogger logger, int processId, string fileName, double seconds);
}
