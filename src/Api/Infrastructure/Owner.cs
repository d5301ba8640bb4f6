using Folio.Api.Infrastructure.Access;

namespace Folio.Api.Infrastructure;

/// <summary>
/// Who owns a batch file or a batch: the id of the API key that made it. The one place the batch API asks,
/// and the one SQL filter every file and batch lookup applies: a key sees only its own files and batches.
/// </summary>
internal static class Owner
{
    /// <summary>
    /// The filter on an <c>owner</c> column against the <c>$owner</c> parameter; <c>IS</c>, not <c>=</c>,
    /// so that null (no API keys configured) matches null.
    /// </summary>
    public const string Filter = "owner IS $owner";

    /// <summary>The caller's API key id; null while Folio runs without API keys.</summary>
    public static string? Of(HttpContext http) =>
        http.RequestServices.GetRequiredService<KeyStore>().Enabled ? http.RequestServices.GetRequiredService<Caller>().KeyId : null;
}
