using Folio.Api.Features.Parsing;
using Folio.Api.Infrastructure;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary>
/// <c>GET /v1/documents/{id}/content</c>: the parsed document, as <c>/v1/parse</c> returns it (plus an
/// empty <c>wordBoxes</c>). The stored JSON is streamed as it is, never loaded: a document of
/// 50 million characters costs the server a copy buffer, not several hundred megabytes per request.
/// </summary>
public static class GetDocumentContent
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents/{id}/content", async Task<Results<FileStreamHttpResult, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
                    string id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Stream(await sender.Send(new Query(id), cancellationToken), "application/json; charset=utf-8"))
            .Produces<ParsedDocumentResponse>(StatusCodes.Status200OK, "application/json")
            .WithName("GetDocumentContent").WithSummary("The parsed document (blocks, text, pages)").WithTags("Documents");

    public sealed record Query(string Id) : IQuery<Stream>;

    public sealed class Handler(ISender sender, DocumentFiles files) : IQueryHandler<Query, Stream>
    {
        public async ValueTask<Stream> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(query.Id), cancellationToken);
            return files.OpenParsedJson(document.Id) ?? throw new DocumentNotReadyException(document.Id, document.Status);
        }
    }
}
