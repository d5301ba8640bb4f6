using Folio.Api.Infrastructure.Access;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Folio.Api.Features.Keys;

/// <summary><c>GET /v1/keys</c> (admin): every stored key, revoked ones included, without secrets.</summary>
public static class ListKeys
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/keys", async Task<Ok<Response>> (ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Query(), cancellationToken)))
            .RequireScope(KeyScope.Admin)
            .WithName("ListKeys").WithSummary("List API keys (never their secrets)").WithTags("Keys");

    public sealed record Query : IQuery<Response>;

    public sealed record Response(IReadOnlyList<KeyResponse> Keys);

    public sealed class Handler(KeyStore keys) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken) =>
            new((await keys.ListAsync(cancellationToken)).Select(KeyResponse.From).ToList());
    }
}
