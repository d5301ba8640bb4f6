namespace Folio.Api.Features.Review;

/// <summary>
/// The review page at <c>/</c>: static files from <c>wwwroot</c> (no build step) that call the JSON API from
/// the browser. Served before any endpoint, so the page loads without an API key; the calls it makes carry
/// the key the user typed.
/// </summary>
public static class ReviewPage
{
    /// <summary>
    /// Everything from Folio's own origin and nothing inline (the page has no inline script or style), no
    /// plugins, no framing, no form posts elsewhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Use(WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // The page changes with Folio's version; the browser asks again rather than run a stale script.
                headers.CacheControl = "no-cache";
            },
        });
    }
}
