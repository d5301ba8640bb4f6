using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Keys;

/// <summary><c>DELETE /v1/keys/{id}</c> (admin): revokes a key for good; requests with it answer 401 from then on.</summary>
public static class RevokeKey
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/v1/keys/{id}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (string id, ISender sender, CancellationToken cancellationToken) =>
            {
                await sender.Send(new Command(id), cancellationToken);
                return TypedResults.NoContent();
            })
            .RequireScope(KeyScope.Admin)
            .WithName("RevokeKey").WithSummary("Revoke an API key").WithTags("Keys");

    public sealed record Command(string Id) : ICommand;

    public sealed class Handler(KeyStore keys, Caller caller, AuditLog audit) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!await keys.RevokeAsync(command.Id, cancellationToken))
            {
                throw new NotFoundException($"Key '{command.Id}'");
            }

            await audit.RecordAsync(caller, AuditLog.KeyRevoke, null, null, command.Id);
            return Unit.Value;
        }
    }
}
