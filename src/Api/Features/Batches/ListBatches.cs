using System.Text.Json.Serialization;
using Folio.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Batches;

/// <summary><c>GET /v1/batches</c>: batches newest first, with OpenAI's cursor paging (<c>after</c> a batch id, <c>limit</c> 1–100, default 20).</summary>
public static class ListBatches
{
    public const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/batches", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>>> (
                    [FromQuery] string? after, [FromQuery] int? limit, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(Owner.Of(http), after, limit ?? 20), cancellationToken)))
            .WithName("ListBatches").WithSummary("List batches (after, limit)").WithTags("Batches");

    public sealed record Query(string? Owner, string? After, int Limit) : IQuery<Response>, IValidate
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
        IReadOnlyList<BatchResponse> Data,
        [property: JsonPropertyName("first_id")] string? FirstId,
        [property: JsonPropertyName("last_id")] string? LastId,
        [property: JsonPropertyName("has_more")] bool HasMore);

    public sealed class Handler(BatchStore batches) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var (page, hasMore) = await batches.ListAsync(query.Owner, query.After, query.Limit, cancellationToken);
            var data = new List<BatchResponse>();
            foreach (var batch in page)
            {
                data.Add(await BatchResponse.FromAsync(batch, batches, cancellationToken));
            }

            return new Response("list", data, page.Count == 0 ? null : page[0].Id, page.Count == 0 ? null : page[^1].Id, hasMore);
        }
    }
}
