using Folio.Api.Features.Batches;
using Folio.Extraction;
using Folio.Generation.Chat;
using Folio.Generation.StructuredExtraction;
using Folio.Retrieval.Access;
using Folio.Retrieval.Index;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace Folio.Api.Infrastructure;

/// <summary>
/// The one place where exceptions become RFC 9457 ProblemDetails with a stable <c>errorCode</c>.
/// Only messages written for users reach the client; anything unexpected is a logged 500 with no detail.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private const int SqliteInterrupt = 9;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail, errors) = Classify(exception, httpContext.Request.HasFormContentType, httpContext.RequestAborted.IsCancellationRequested);
        if (status == StatusCodes.Status502BadGateway)
        {
            LogDependencyFailed(logger, exception, httpContext.Request.Path);
        }
        else if (status >= 500)
        {
            LogUnexpected(logger, exception, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            // Nobody is there to read a body; writing one to an aborted connection could fail in turn.
            return true;
        }

        var problem = ToProblem(status, code, detail, errors);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The status, <c>errorCode</c>, user-facing detail and field errors an exception answers with: the one
    /// mapping, shared by the HTTP routes and the batch lines that run the same requests.
    /// </summary>
    /// <param name="exception">What the request threw.</param>
    /// <param name="formRequest">Whether the request was a multipart form (a too-large form is a too-large document).</param>
    /// <param name="aborted">Whether the caller went away (a cancellation then is theirs, not an error).</param>
    public static (int Status, string Code, string? Detail, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception exception, bool formRequest, bool aborted) =>
        exception switch
            {
                DocumentParseException e => (StatusOf(e.Failure), e.ErrorCode, e.Message, null),
                RequestValidationException e => (StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "The request is not valid.", e.Errors),
                NotFoundException e => (StatusCodes.Status404NotFound, ErrorCodes.NotFound, e.Message, null),
                ModelNotFoundException e => (StatusCodes.Status404NotFound, ErrorCodes.ModelNotFound, e.Message, null),
                CollectionNotVisibleException e => (StatusCodes.Status404NotFound, ErrorCodes.NotFound, e.Message, null),
                CollectionRequiredException e => (StatusCodes.Status400BadRequest, ErrorCodes.CollectionRequired, e.Message, null),
                ForbiddenException e => (StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, e.Message, null),
                DocumentNotReadyException e => (StatusCodes.Status409Conflict, ErrorCodes.DocumentNotReady, e.Message, null),
                DocumentFailedException e => (StatusCodes.Status422UnprocessableEntity, e.ErrorCode, e.Message, null),
                InvalidSchemaException e => (StatusCodes.Status400BadRequest, ErrorCodes.InvalidSchema, "The schema is not supported; see errors (JSON pointers into the schema).", e.Errors),
                BatchFinishedException e => (StatusCodes.Status409Conflict, ErrorCodes.BatchFinished, e.Message, null),
                IndexModelMismatchException e => (StatusCodes.Status409Conflict, ErrorCodes.IndexModelMismatch, e.Message, null),
                ChunkIndexUnavailableException => (StatusCodes.Status503ServiceUnavailable, ErrorCodes.DependencyUnavailable, "The chunk index is unavailable; try again later.", null),
                ChatBackendUnavailableException => (StatusCodes.Status503ServiceUnavailable, ErrorCodes.DependencyUnavailable, "The chat backend is unavailable; try again later.", null),
                ChunkIndexFailedException => (StatusCodes.Status502BadGateway, ErrorCodes.DependencyFailed, "The chunk index answered with an error; see the service log.", null),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge,
                    formRequest ? ErrorCodes.DocumentTooLarge : ErrorCodes.RequestTooLarge, "The request body is larger than the limit.", null),
                BadHttpRequestException e => (e.StatusCode, ErrorCodes.ValidationFailed, "The request could not be read.", null),
                // A client that went away: SQLite reports the query it interrupted as SQLITE_INTERRUPT, not as a cancellation.
                OperationCanceledException or SqliteException { SqliteErrorCode: SqliteInterrupt } when aborted
                    => (499, "client_closed_request", null, null),
                _ => (StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "An unexpected error occurred.", (IReadOnlyDictionary<string, string[]>?)null),
            };

    /// <summary>The ProblemDetails body of a classified error (see <see cref="Classify"/>).</summary>
    public static ProblemDetails ToProblem(int status, string code, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        var problem = new ProblemDetails { Status = status, Detail = detail, Title = TitleOf(status) };
        problem.Extensions["errorCode"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return problem;
    }

    /// <summary>The HTTP status of a parse failure.</summary>
    public static int StatusOf(ParseFailure failure) => failure switch
    {
        ParseFailure.DocumentTooLarge => StatusCodes.Status413PayloadTooLarge,
        ParseFailure.UnsupportedDocumentType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        499 => "Client Closed Request",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "A dependency answered with an error on {Path}")]
    private static partial void LogDependencyFailed(ILogger logger, Exception exception, string path);
}
