using Folio.Api.Infrastructure;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary><c>GET /v1/documents/{id}/file</c>: the original bytes as uploaded.</summary>
public static class GetDocumentFile
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents/{id}/file", async Task<Results<FileStreamHttpResult, NotFound<ProblemDetails>>> (
                    string id, ISender sender, CancellationToken cancellationToken) =>
                await sender.Send(new Query(id), cancellationToken))
            .WithName("GetDocumentFile").WithSummary("The original file").WithTags("Documents");

    public sealed record Query(string Id) : IQuery<FileStreamHttpResult>;

    public sealed class Handler(ISender sender, DocumentFiles files) : IQueryHandler<Query, FileStreamHttpResult>
    {
        public async ValueTask<FileStreamHttpResult> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(query.Id), cancellationToken);
            var stream = files.OpenOriginal(document.Id) ?? throw new NotFoundException($"The file of document '{document.Id}'");
            return TypedResults.File(stream, document.MediaType, document.FileName);
        }
    }
}
