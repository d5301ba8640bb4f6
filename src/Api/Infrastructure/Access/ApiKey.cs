namespace Folio.Api.Infrastructure.Access;

/// <summary>A stored key as Folio keeps it: never the secret, only its hash (in <see cref="KeyStore"/>).</summary>
/// <param name="Collections">The collections it may use; null for every collection (<c>*</c>).</param>
public sealed record ApiKey(string Id, string Name, IReadOnlySet<KeyScope> Scopes, IReadOnlySet<string>? Collections, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
