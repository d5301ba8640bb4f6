using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Access;
using Folio.Retrieval.Index;
using Folio.Retrieval.Search;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Search;

/// <summary><c>POST /v1/search</c>: the best chunks of a collection for a query (hybrid, vector or keyword), each with its evidence.</summary>
public static class SearchChunks
{
    public const int MaxTopK = 100;
    /// <summary>Long enough for query by example (a passage pasted whole): the embedder reads its first window, keyword search its most selective words.</summary>
    public const int MaxQueryLength = 32_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/search", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>>> (Request request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(request, cancellationToken)))
            .RequireScope(KeyScope.Read)
            .WithName("Search").WithSummary("Search a collection").WithTags("Search");

    /// <summary>The search request; <c>collection</c> defaults to the key's only collection, else <c>default</c>; <c>tags</c> must all match; <c>mode</c> defaults to hybrid, <c>topK</c> to 10.</summary>
    public sealed record Request(string? Query, string? Collection, IReadOnlyList<string>? DocumentIds, IReadOnlyDictionary<string, string>? Tags, int? TopK, SearchMode? Mode)
        : IQuery<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (string.IsNullOrWhiteSpace(Query))
            {
                yield return ("query", "query must not be empty.");
            }
            else if (Query.Length > MaxQueryLength)
            {
                yield return ("query", $"query is at most {MaxQueryLength} characters.");
            }

            if (TopK is < 1 or > MaxTopK)
            {
                yield return ("topK", $"topK is between 1 and {MaxTopK}.");
            }

            foreach (var error in InputRules.ValidateFilter(Collection, DocumentIds, Tags))
            {
                yield return error;
            }
        }
    }

    public sealed record Result(string ChunkId, string DocumentId, string FileName, int Page, double Score, string Text, string HeadingPath, Evidence Evidence);

    public sealed record Response(IReadOnlyList<Result> Results);

    public sealed class Handler(ChunkSearch search, ICollectionAccess access) : IQueryHandler<Request, Response>
    {
        public async ValueTask<Response> Handle(Request request, CancellationToken cancellationToken)
        {
            var filter = new ChunkFilter(access.Resolve(request.Collection), request.DocumentIds, request.Tags);
            var hits = await search.SearchAsync(request.Query!, filter, request.TopK ?? 10, request.Mode ?? SearchMode.Hybrid, cancellationToken);
            return new Response(hits.Select(h => new Result(h.Chunk.ChunkId, h.Chunk.DocumentId, h.Chunk.FileName, h.Evidence.Page,
                Math.Round(h.Score, 6), h.Chunk.Text, h.Chunk.HeadingPath, h.Evidence)).ToList());
        }
    }
}
