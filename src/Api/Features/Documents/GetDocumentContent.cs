using Folio.Api.Features.Parsing;
using Folio.Api.Infrastructure;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary><c>GET /v1/documents/{id}/content</c>: the parsed document, as <c>/v1/parse</c> returns it.</summary>
public static class GetDocumentContent
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents/{id}/content", async Task<Results<Ok<ParsedDocumentResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
                    string id, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(id), cancellationToken)))
            .WithName("GetDocumentContent").WithSummary("The parsed document (blocks, text, pages)").WithTags("Documents");

    public sealed record Query(string Id) : IQuery<ParsedDocumentResponse>;

    public sealed class Handler(ISender sender, DocumentFiles files) : IQueryHandler<Query, ParsedDocumentResponse>
    {
        public async ValueTask<ParsedDocumentResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(query.Id), cancellationToken);
            var parsed = await files.LoadParsedAsync(document.Id, cancellationToken)
                ?? throw new DocumentNotReadyException(document.Id, document.Status);
            return ParsedDocumentResponse.From(parsed);
        }
    }
}
