using Folio.Api.Infrastructure;
using Folio.Extraction;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary>
/// <c>GET /v1/documents/{id}/pages/{page}/words</c>: where each word of a PDF page lies (its span of the
/// document's text and its box in PDF points, origin bottom-left), in text order, a page of words at a time
/// (<c>limit</c>, <c>cursor</c> = the previous answer's <c>nextCursor</c>). A word's text is
/// <c>text[start..end]</c> of <c>/content</c>; the page's size is in its <c>pageSizes</c>. Documents that are
/// not PDFs have no boxes: their pages answer an empty list.
/// </summary>
public static class GetPageWords
{
    private const int MaxLimit = 5000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/documents/{id}/pages/{page:int}/words", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
                    string id, int page, [FromQuery] string? cursor, [FromQuery] int? limit, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(id, page, cursor, limit ?? 2000), cancellationToken)))
            .WithName("GetPageWords").WithSummary("The word boxes of a PDF page, in text order (limit, cursor)").WithTags("Documents");

    public sealed record Query(string Id, int Page, string? Cursor, int Limit) : IQuery<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (Page < 1)
            {
                yield return ("page", "page is 1-based.");
            }

            if (Limit is < 1 or > MaxLimit)
            {
                yield return ("limit", $"limit is between 1 and {MaxLimit}.");
            }

            if (Cursor is not null && IndexCursor.Decode("word", Cursor) is null)
            {
                yield return ("cursor", "The cursor is not one this service issued.");
            }
        }
    }

    /// <summary>One word: <c>[start, end)</c> of the document's text and its box <c>[x0, y0, x1, y1]</c>.</summary>
    public sealed record Word(int Start, int End, BoundingBox Bbox);

    public sealed record Response(string DocumentId, int Page, IReadOnlyList<Word> Words, string? NextCursor);

    public sealed class Handler(ISender sender, DocumentFiles files) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(query.Id), cancellationToken);
            if (document.Pages > 0 && query.Page > document.Pages)
            {
                throw new NotFoundException($"Page {query.Page} of document '{document.Id}'");
            }

            var from = query.Cursor is null ? 0 : IndexCursor.Decode("word", query.Cursor)!.Value;
            var words = files.ReadPageWords(document.Id, query.Page, from, query.Limit + 1)
                ?? throw new DocumentNotReadyException(document.Id, document.Status);
            var page = words.Take(query.Limit).Select(w => new Word(w.Start, w.End, w.Box)).ToList();
            return new Response(document.Id, query.Page, page, words.Count > query.Limit ? IndexCursor.Encode("word", from + query.Limit) : null);
        }
    }
}
