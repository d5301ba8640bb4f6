namespace Folio.Api.Infrastructure;

/// <summary>The stable <c>errorCode</c> values the API answers with, besides the parse failures.</summary>
internal static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string NotFound = "not_found";
    public const string ModelNotFound = "model_not_found";
    public const string DocumentTooLarge = "document_too_large";
    public const string RequestTooLarge = "request_too_large";
    public const string DocumentNotReady = "document_not_ready";
    public const string InvalidSchema = "invalid_schema";
    public const string DependencyUnavailable = "dependency_unavailable";
    public const string DependencyFailed = "dependency_failed";
    public const string IndexModelMismatch = "index_model_mismatch";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string BatchFinished = "batch_finished";
    public const string InternalError = "internal_error";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string CollectionRequired = "collection_required";
    public const string RateLimited = "rate_limited";
    public const string ConcurrencyLimited = "concurrency_limited";
}
