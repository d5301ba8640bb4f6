using System.Text.Json.Serialization;
using Folio.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Files;

/// <summary><c>GET /v1/files</c>: files newest first, with OpenAI's cursor paging (<c>after</c> a file id, <c>limit</c>) and a <c>purpose</c> filter.</summary>
public static class ListFiles
{
    public const int MaxLimit = 10_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/files", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>>> (
                    [FromQuery] string? purpose, [FromQuery] string? after, [FromQuery] int? limit, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(Owner.Of(http), purpose, after, limit ?? MaxLimit), cancellationToken)))
            .WithName("ListFiles").WithSummary("List files (purpose, after, limit)").WithTags("Files");

    public sealed record Query(string? Owner, string? Purpose, string? After, int Limit) : IQuery<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (Limit is < 1 or > MaxLimit)
            {
                yield return ("limit", $"limit is between 1 and {MaxLimit}.");
            }
        }
    }

    /// <summary>OpenAI's list object.</summary>
    public sealed record Response(
        [property: JsonPropertyName("object")] string Object,
        IReadOnlyList<FileResponse> Data,
        [property: JsonPropertyName("first_id")] string? FirstId,
        [property: JsonPropertyName("last_id")] string? LastId,
        [property: JsonPropertyName("has_more")] bool HasMore);

    public sealed class Handler(FileStore files) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var (page, hasMore) = await files.ListAsync(query.Owner, query.Purpose, query.After, query.Limit, cancellationToken);
            return new Response("list", page.Select(FileResponse.From).ToList(), page.Count == 0 ? null : page[0].Id, page.Count == 0 ? null : page[^1].Id, hasMore);
        }
    }
}
