namespace Folio.Api.Features.Health;

/// <summary><c>GET /health/live</c>: the process is up and serving requests.</summary>
public static class Live
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/health/live", () => TypedResults.Ok(new Liveness("live")))
            .WithName("HealthLive").WithSummary("Liveness probe").WithTags("Health");

    public sealed record Liveness(string Status);
}
