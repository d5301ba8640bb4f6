using Folio.Api.Infrastructure;
using Folio.Retrieval.Access;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary>
/// <c>GET /v1/documents/{id}</c>: a document's metadata, status and ingestion progress. Every route on one document
/// looks it up here, so a document of a collection the caller may not use is a 404 everywhere.
/// </summary>
public static class GetDocument
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents/{id}", async Task<Results<Ok<DocumentResponse>, NotFound<ProblemDetails>>> (string id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(DocumentResponse.From(await sender.Send(new Query(id), cancellationToken))))
            .WithName("GetDocument").WithSummary("A document's metadata and status").WithTags("Documents");

    public sealed record Query(string Id) : IQuery<DocumentRecord>;

    public sealed class Handler(VisibleDocuments documents) : IQueryHandler<Query, DocumentRecord>
    {
        public async ValueTask<DocumentRecord> Handle(Query query, CancellationToken cancellationToken) =>
            await documents.GetAsync(query.Id, cancellationToken) ?? throw new NotFoundException($"Document '{query.Id}'");
    }
}
