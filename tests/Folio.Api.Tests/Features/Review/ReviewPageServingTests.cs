using System.Net;

namespace Folio.Api.Tests.Features.Review;

/// <summary>The review page's files: served at <c>/</c> without a key, under a strict Content-Security-Policy.</summary>
public sealed class ReviewPageServingTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/api.js", "text/javascript")]
    [InlineData("/viewer.js", "text/javascript")]
    [InlineData("/library.js", "text/javascript")]
    [InlineData("/tools.js", "text/javascript")]
    [InlineData("/ui.js", "text/javascript")]
    [InlineData("/review.css", "text/css")]
    public async Task Files_are_served_under_a_strict_policy(string path, string mediaType)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_page_names_only_its_own_files()
    {
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        // No CDN, no inline script or style: everything the page loads is a relative path of its own.
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("<script type=\"module\" src=\"app.js\"></script>", html);
    }
}
