using System.Text.Json.Serialization;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Access;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Embeddings;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Folio.Api.Features.OpenAI;

/// <summary>
/// <c>GET /v1/models</c>, as OpenAI's: what <c>model</c> can name. <c>folio</c> answers over the default collection,
/// <c>folio:&lt;collection&gt;</c> over each collection that holds documents (chat completions), and the embedding
/// model's id embeds (embeddings).
/// </summary>
public static class ListModels
{
    /// <summary>The chat model name; <c>folio:&lt;collection&gt;</c> names a collection.</summary>
    public const string ChatModel = "folio";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/models", async Task<Ok<Response>> (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Request(), cancellationToken)))
            .RequireScope(KeyScope.Read)
            .WithName("ListModels").WithSummary("List the models the OpenAI-compatible endpoints accept").WithTags("OpenAI");

    public sealed record Request : IQuery<Response>;

    public sealed record Response(string Object, IReadOnlyList<Model> Data);

    /// <summary>One model; <c>created</c> is Unix seconds (a collection's: when its first document arrived).</summary>
    public sealed record Model(string Id, string Object, long Created, [property: JsonPropertyName("owned_by")] string OwnedBy);

    public sealed class Handler(DocumentStore store, OnnxEmbeddingGenerator embedder, ICollectionAccess access) : IQueryHandler<Request, Response>
    {
        private static readonly long Started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public async ValueTask<Response> Handle(Request request, CancellationToken cancellationToken)
        {
            // A key sees only its own collections' names, as everywhere else.
            var visible = access.Collections;
            var collections = (await store.CollectionsAsync(cancellationToken)).Where(c => visible is null || visible.Contains(c.Name));
            var models = new List<Model> { new(ChatModel, "model", Started, "folio") };
            models.AddRange(collections.Select(c => new Model($"{ChatModel}:{c.Name}", "model", c.Created.ToUnixTimeSeconds(), "folio")));
            models.Add(new Model(embedder.ModelId, "model", Started, "folio"));
            return new Response("list", models);
        }
    }
}
