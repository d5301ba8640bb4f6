using Folio.Retrieval.Embeddings;
using Folio.Retrieval.Index;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Folio.Api.Features.Health;

/// <summary>
/// <c>GET /health/ready</c>: the embedding model is loaded (and on which device), the chunk index
/// answers, and which backends run. 503 when the index does not answer.
/// </summary>
public static class Ready
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/health/ready", CheckAsync).WithName("HealthReady").WithSummary("Readiness probe: model, device, index").WithTags("Health");

    public sealed record Readiness(string Status, string EmbeddingModel, string Device, string Index, string Chat);

    private static async Task<Results<Ok<Readiness>, JsonHttpResult<Readiness>>> CheckAsync(OnnxEmbeddingGenerator embedder, IChunkIndex index, CancellationToken cancellationToken)
    {
        var indexKind = index.GetType().Name;
        try
        {
            await index.CountAsync(new ChunkFilter("default"), cancellationToken);
        }
        catch (Exception e) when (e is ChunkIndexUnavailableException or ChunkIndexFailedException)
        {
            return TypedResults.Json(new Readiness("unavailable", embedder.ModelId, embedder.ActiveDevice.ToString().ToLowerInvariant(), indexKind, "none"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok(new Readiness("ready", embedder.ModelId, embedder.ActiveDevice.ToString().ToLowerInvariant(), indexKind, "none"));
    }
}
