using Folio.Api.Infrastructure;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary><c>GET /v1/documents/{id}/chunks</c>: the document's chunks with their heading paths, pages and spans.</summary>
public static class GetDocumentChunks
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents/{id}/chunks", async Task<Results<Ok<Response>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
                    string id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(id), cancellationToken)))
            .WithName("GetDocumentChunks").WithSummary("The document's chunks").WithTags("Documents");

    public sealed record Query(string Id) : IQuery<Response>;

    public sealed record Response(string DocumentId, IReadOnlyList<Chunk> Chunks);

    public sealed class Handler(ISender sender, DocumentFiles files) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(query.Id), cancellationToken);
            var chunks = await files.LoadChunksAsync(document.Id, cancellationToken)
                ?? throw new DocumentNotReadyException(document.Id, document.Status);
            return new Response(document.Id, chunks);
        }
    }
}
