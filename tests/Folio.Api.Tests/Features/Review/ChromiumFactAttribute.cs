namespace Folio.Api.Tests.Features.Review;

/// <summary>
/// A browser test: skipped, with the reason, on a machine without Chromium (Debian's <c>chromium</c> package,
/// which <c>.ci/run</c> installs, or <c>FOLIO_CHROMIUM</c>). Puppeteer's own browser download cannot work
/// here, so the tests never ask for one. Bounded: a hung browser fails the test instead of the run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Timeout = 300_000;
        if (Chromium.ExecutablePath is null)
        {
            Skip = "No Chromium found (FOLIO_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser): install Debian's chromium package to run the browser tests.";
        }
    }
}
