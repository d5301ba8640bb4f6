using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Keys;

/// <summary>
/// <c>POST /v1/keys</c> (admin): a new key with a name, scopes (<c>read</c>, <c>write</c>, <c>admin</c>) and
/// collections (names, or <c>["*"]</c> for every collection). The key itself is in this answer only: Folio keeps its hash.
/// </summary>
public static class CreateKey
{
    public const int MaxNameLength = 100;
    public const int MaxCollections = 100;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/keys", async Task<Results<Created<Response>, BadRequest<ProblemDetails>>> (Command command, ISender sender, CancellationToken cancellationToken) =>
            {
                var created = await sender.Send(command, cancellationToken);
                return TypedResults.Created($"/v1/keys/{created.Id}", created);
            })
            .RequireScope(KeyScope.Admin)
            .WithName("CreateKey").WithSummary("Create an API key (shown once)").WithTags("Keys");

    public sealed record Command(string? Name, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? Collections) : ICommand<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength)
            {
                yield return ("name", $"name is 1–{MaxNameLength} characters.");
            }

            if (Scopes is not { Count: > 0 } || Scopes.Any(s => !Enum.TryParse<KeyScope>(s, ignoreCase: true, out _) || int.TryParse(s, out _)))
            {
                yield return ("scopes", "scopes is a non-empty list of read, write, admin.");
            }

            if (Collections is not { Count: > 0 and <= MaxCollections })
            {
                yield return ("collections", $"collections is a list of 1–{MaxCollections} collection names, or [\"*\"] for every collection.");
            }
            else if (Collections.Contains(KeyResponse.AllCollections) ? Collections.Count > 1 : !Collections.All(InputRules.IsCollection))
            {
                yield return ("collections", $"\"*\" stands alone; otherwise each entry is a collection name. {InputRules.CollectionRule}");
            }
        }
    }

    /// <summary>The new key: <c>key</c> is the secret to send as <c>Authorization: Bearer</c>; it is not shown again.</summary>
    public sealed record Response(string Id, string Key, string Name, IReadOnlyList<KeyScope> Scopes, IReadOnlyList<string> Collections, DateTimeOffset CreatedAt);

    public sealed class Handler(KeyStore keys, Caller caller, AuditLog audit) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var collections = command.Collections!.Contains(KeyResponse.AllCollections) ? null : command.Collections!.ToHashSet(StringComparer.Ordinal);
            // An admin of some collections hands out keys to those only.
            if (caller.Collections is { } own && (collections is null || !collections.IsSubsetOf(own)))
            {
                throw new ForbiddenException("This key may grant only its own collections.");
            }

            var scopes = command.Scopes!.Select(s => Enum.Parse<KeyScope>(s, ignoreCase: true)).ToHashSet();
            var (key, secret) = await keys.CreateAsync(command.Name!.Trim(), scopes, collections, cancellationToken);
            await audit.RecordAsync(caller, AuditLog.KeyCreate, null, null, key.Id);
            var shown = KeyResponse.From(key);
            return new Response(key.Id, secret, key.Name, shown.Scopes, shown.Collections, key.CreatedAt);
        }
    }
}
