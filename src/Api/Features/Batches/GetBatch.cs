using Folio.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Batches;

/// <summary><c>GET /v1/batches/{id}</c>: a batch, with its progress (<c>request_counts</c>) while it runs.</summary>
public static class GetBatch
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/batches/{id}", async Task<Results<Ok<BatchResponse>, NotFound<ProblemDetails>>> (string id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(id, Owner.Of(http)), cancellationToken)))
            .WithName("GetBatch").WithSummary("A batch and its progress").WithTags("Batches");

    public sealed record Query(string Id, string? Owner) : IQuery<BatchResponse>;

    public sealed class Handler(BatchStore batches) : IQueryHandler<Query, BatchResponse>
    {
        public async ValueTask<BatchResponse> Handle(Query query, CancellationToken cancellationToken) =>
            await BatchResponse.FromAsync(await batches.GetAsync(query.Id, query.Owner, cancellationToken) ?? throw new NotFoundException($"Batch '{query.Id}'"),
                batches, cancellationToken);
    }
}
