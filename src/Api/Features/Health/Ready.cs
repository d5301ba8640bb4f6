using Folio.Generation;
using Folio.Retrieval.Embeddings;
using Folio.Retrieval.Index;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Folio.Api.Features.Health;

/// <summary>
/// <c>GET /health/ready</c>: the embedding model is loaded (and on which device), the chunk index
/// answers, and which backends run, the chat backend's model and device included. 503 when the index does not
/// answer, or the configured chat backend cannot (its model folder is missing or broken: <c>chat.problem</c> says why).
/// </summary>
public static class Ready
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/health/ready", CheckAsync).WithName("HealthReady").WithSummary("Readiness probe: model, device, index").WithTags("Health");

    public sealed record Readiness(string Status, string EmbeddingModel, string Device, string Index, ChatReadiness Chat);

    /// <summary>The chat backend (<c>none</c>, <c>onnx</c>, <c>openai</c>), its model, where it runs, and why it cannot answer.</summary>
    public sealed record ChatReadiness(string Backend, string? Model, string Device, string? Problem);

    private static async Task<Results<Ok<Readiness>, JsonHttpResult<Readiness>>> CheckAsync(
        OnnxEmbeddingGenerator embedder, IChunkIndex index, GenerationBackend generation, CancellationToken cancellationToken)
    {
        var indexKind = index.GetType().Name;
        var chat = generation.Status;
        var chatReadiness = new ChatReadiness(chat.Backend.ToString().ToLowerInvariant(), chat.Model, chat.Device, chat.Problem);
        var indexAnswers = true;
        try
        {
            await index.CountAsync(new ChunkFilter("default"), cancellationToken);
        }
        catch (ChunkIndexUnavailableException)
        {
            indexAnswers = false;
        }

        var readiness = new Readiness(indexAnswers && chat.IsAvailable ? "ready" : "unavailable", embedder.ModelId,
            embedder.ActiveDevice.ToString().ToLowerInvariant(), indexKind, chatReadiness);
        return readiness.Status == "ready" ? TypedResults.Ok(readiness) : TypedResults.Json(readiness, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
