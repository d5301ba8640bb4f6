using Folio.Retrieval.Access;

namespace Folio.Api.Infrastructure.Access;

/// <summary>
/// The collections the current caller may use, for the services Retrieval and Generation share with in-process hosts:
/// the request's key's, or, for work done later on a caller's behalf (a queued job), the collections given to
/// <see cref="ActAs"/>. Outside both, with keys on, nothing is visible rather than everything.
/// </summary>
public sealed class CallerCollectionAccess(IHttpContextAccessor http, KeyStore keys) : ICollectionAccess
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();
    private static readonly AsyncLocal<Holder?> Acting = new();

    public IReadOnlySet<string>? Collections =>
        Acting.Value is { } acting ? acting.Collections
        : http.HttpContext is { } context ? context.RequestServices.GetRequiredService<Caller>().Collections
        : keys.Enabled ? None : null;

    /// <summary>
    /// Until disposed, this async flow sees <paramref name="collections"/> (null: every collection): a background job
    /// runs with the collections of the key that queued it (<see cref="Caller.Collections"/>, stored with the job).
    /// </summary>
    public static IDisposable ActAs(IReadOnlySet<string>? collections)
    {
        var previous = Acting.Value;
        Acting.Value = new Holder(collections);
        return new Restore(previous);
    }

    private sealed record Holder(IReadOnlySet<string>? Collections);

    private sealed class Restore(Holder? previous) : IDisposable
    {
        public void Dispose() => Acting.Value = previous;
    }
}
