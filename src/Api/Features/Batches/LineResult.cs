namespace Folio.Api.Features.Batches;

/// <summary>What a finished line answered: the HTTP status its route would have answered, and the body (the response, or ProblemDetails).</summary>
public sealed record LineResult(int Line, string CustomId, int StatusCode, string RequestId, string Body);
