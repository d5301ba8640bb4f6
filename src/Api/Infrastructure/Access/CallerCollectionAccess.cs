using Folio.Retrieval.Access;

namespace Folio.Api.Infrastructure.Access;

/// <summary>The collections the current request's caller may use, for the services Retrieval and Generation share with in-process hosts.</summary>
internal sealed class CallerCollectionAccess(IHttpContextAccessor http, KeyStore keys) : ICollectionAccess
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public IReadOnlySet<string>? Collections =>
        http.HttpContext?.RequestServices.GetRequiredService<Caller>().Collections
        // Outside a request (a background job) no caller is known: with keys on, nothing is visible rather than everything.
        ?? (http.HttpContext is null && keys.Enabled ? None : null);
}
