namespace Folio.Api.Tests.Features.Review;

/// <summary>Where the system's Chromium is: <c>FOLIO_CHROMIUM</c> if set, else Debian's and Ubuntu's paths.</summary>
internal static class Chromium
{
    public static string? ExecutablePath { get; } =
        new[] { Environment.GetEnvironmentVariable("FOLIO_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(path));
}
