using Folio.Api.Infrastructure.Access;

namespace Folio.Api.Features.Keys;

/// <summary>A key as the API shows it: never its secret; <c>collections</c> is <c>["*"]</c> for every collection.</summary>
public sealed record KeyResponse(string Id, string Name, IReadOnlyList<KeyScope> Scopes, IReadOnlyList<string> Collections, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public const string AllCollections = "*";

    public static KeyResponse From(ApiKey key) => new(key.Id, key.Name, key.Scopes.Order().ToList(),
        key.Collections is null ? [AllCollections] : key.Collections.Order(StringComparer.Ordinal).ToList(), key.CreatedAt, key.RevokedAt);
}
