using Folio.Api.Infrastructure;
using Folio.Retrieval.Access;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary><c>GET /v1/documents</c>: documents oldest first, filtered by collection, status and tag, with cursor paging; only the caller's collections.</summary>
public static class ListDocuments
{
    private const int MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>>> (
                    [FromQuery] string? collection, [FromQuery] string? status, [FromQuery] string? tag, [FromQuery] string? cursor, [FromQuery] int? limit,
                    ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(collection, status, tag, cursor, limit ?? 50), cancellationToken)))
            .WithName("ListDocuments").WithSummary("List documents (filters: collection, status, tag=key=value; cursor paging)").WithTags("Documents");

    public sealed record Query(string? Collection, string? Status, string? Tag, string? Cursor, int Limit) : IQuery<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (Collection is not null && !InputRules.IsCollection(Collection))
            {
                yield return ("collection", "A collection name is 1–64 characters of a-z, 0-9, '_' and '-'.");
            }

            if (Status is not null && !Enum.TryParse<DocumentStatus>(Status, ignoreCase: true, out _))
            {
                yield return ("status", "status is one of queued, processing, ready, failed.");
            }

            if (Tag is not null && InputRules.ParseTags([Tag], []).Any())
            {
                yield return ("tag", "tag is key=value.");
            }

            if (Limit is < 1 or > MaxLimit)
            {
                yield return ("limit", $"limit is between 1 and {MaxLimit}.");
            }
        }
    }

    public sealed record Response(IReadOnlyList<DocumentResponse> Documents, string? NextCursor);

    public sealed class Handler(VisibleDocuments documents) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var tags = new Dictionary<string, string>();
            _ = InputRules.ParseTags(query.Tag is null ? [] : [query.Tag], tags).ToList();
            try
            {
                var page = await documents.ListAsync(new DocumentQuery(
                    query.Collection,
                    query.Status is null ? null : Enum.Parse<DocumentStatus>(query.Status, ignoreCase: true),
                    tags.Count == 0 ? null : tags.First(),
                    query.Cursor,
                    query.Limit), cancellationToken);
                return new Response(page.Documents.Select(DocumentResponse.From).ToList(), page.NextCursor);
            }
            catch (ArgumentException e) when (e.ParamName == "cursor")
            {
                throw new RequestValidationException("cursor", "The cursor is not one this service issued.");
            }
        }
    }
}
