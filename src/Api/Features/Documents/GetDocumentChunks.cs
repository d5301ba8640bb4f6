using Folio.Api.Infrastructure;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary>
/// <c>GET /v1/documents/{id}/chunks</c>: the document's chunks in order, with their heading paths,
/// pages and spans, a page at a time (<c>limit</c>, <c>cursor</c> = the previous page's <c>nextCursor</c>).
/// </summary>
public static class GetDocumentChunks
{
    private const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents/{id}/chunks", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
                    string id, [FromQuery] string? cursor, [FromQuery] int? limit, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(id, cursor, limit ?? 100), cancellationToken)))
            .WithName("GetDocumentChunks").WithSummary("The document's chunks, a page at a time (limit, cursor)").WithTags("Documents");

    public sealed record Query(string Id, string? Cursor, int Limit) : IQuery<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (Limit is < 1 or > MaxLimit)
            {
                yield return ("limit", $"limit is between 1 and {MaxLimit}.");
            }

            if (Cursor is not null && IndexCursor.Decode("chunk", Cursor) is null)
            {
                yield return ("cursor", "The cursor is not one this service issued.");
            }
        }
    }

    public sealed record Response(string DocumentId, IReadOnlyList<Chunk> Chunks, string? NextCursor);

    public sealed class Handler(ISender sender, DocumentFiles files) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(query.Id), cancellationToken);
            var from = query.Cursor is null ? 0 : IndexCursor.Decode("chunk", query.Cursor)!.Value;
            var chunks = await files.ReadChunksAsync(document.Id, from, query.Limit + 1, cancellationToken)
                ?? throw new DocumentNotReadyException(document.Id, document.Status);
            return chunks.Count > query.Limit
                ? new Response(document.Id, chunks.Take(query.Limit).ToList(), IndexCursor.Encode("chunk", from + query.Limit))
                : new Response(document.Id, chunks, null);
        }
    }
}
