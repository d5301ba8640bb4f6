namespace Folio.Api.Infrastructure.Access;

/// <summary>
/// Who makes the current request (a scoped service the access middleware fills in): the key's id and what it
/// may do. Without keys configured every caller is anonymous and may do everything; with keys on, a request
/// whose key was not checked (a route outside <c>/v1</c> and <c>/mcp</c>) may do nothing and sees no collection.
/// </summary>
public sealed class Caller(KeyStore keys)
{
    private static readonly IReadOnlySet<KeyScope> AllScopes = new HashSet<KeyScope> { KeyScope.Read, KeyScope.Write, KeyScope.Admin };

    /// <summary>The id of the key the request carries (never the key); <c>anonymous</c> when keys are off.</summary>
    public string KeyId { get; private set; } = keys.Enabled ? "none" : "anonymous";

    public IReadOnlySet<KeyScope> Scopes { get; private set; } = keys.Enabled ? new HashSet<KeyScope>() : AllScopes;

    /// <summary>The collections the key may use; null for every collection (<c>*</c>).</summary>
    public IReadOnlySet<string>? Collections { get; private set; } = keys.Enabled ? new HashSet<string>() : null;

    /// <summary>Whether the caller holds <paramref name="scope"/> (admin implies write, write implies read).</summary>
    public bool Has(KeyScope scope) => Scopes.Any(held => held >= scope);

    /// <summary>Makes this request's caller the holder of <paramref name="key"/>.</summary>
    internal void Become(ApiKey key)
    {
        KeyId = key.Id;
        Scopes = key.Scopes;
        Collections = key.Collections;
    }
}
