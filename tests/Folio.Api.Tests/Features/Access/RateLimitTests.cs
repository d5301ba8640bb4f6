using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Access;

/// <summary>Issue 12, acceptance 4: a burst past a key's rate limit gets 429 with Retry-After; another key is unaffected.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly FolioApiFactory _factory = new();

    [Fact]
    public async Task A_burst_gets_429_with_retry_after_while_another_key_is_unaffected()
    {
        using var host = _factory.WithWebHostBuilder(builder => builder
            .UseSetting("Auth:AdminKey", AccessHost.AdminKey)
            .UseSetting("RateLimits:PermitsPerSecond", "1")
            .UseSetting("RateLimits:Burst", "3"));
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessHost.AdminKey);
        using var busy = host.CreateClient();
        busy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateKeyAsync(admin));
        using var quiet = host.CreateClient();
        quiet.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateKeyAsync(admin));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await busy.GetAsync(new Uri("/v1/documents", UriKind.Relative));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var quietResponse = await quiet.GetAsync(new Uri("/v1/documents", UriKind.Relative));

        Assert.NotNull(limited);
        Assert.True(statuses.Count > 3, string.Join(", ", statuses));
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, limited.Headers.RetryAfter?.ToString());
        Assert.Contains("\"errorCode\":\"rate_limited\"", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        limited.Dispose();
        Assert.Equal(HttpStatusCode.OK, quietResponse.StatusCode);
        // Health checks are never limited.
        for (var i = 0; i < 10; i++)
        {
            using var health = await busy.GetAsync(new Uri("/health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Theory]
    [InlineData("RateLimits:Burst", "0", "Burst")]
    [InlineData("RateLimits:GenerationConcurrency", "0", "GenerationConcurrency")]
    [InlineData("Auth:AdminKey", "too-short-to-be-a-key", "AdminKey")]
    public void Access_options_are_validated_at_start_up(string key, string value, string named)
    {
        using var host = _factory.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();

    private static async Task<string> CreateKeyAsync(HttpClient admin)
    {
        var (status, body) = await PostJsonAsync(admin, "/v1/keys", new { name = "reader", scopes = new[] { "read" }, collections = new[] { "*" } });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.GetProperty("key").GetString()!;
    }
}
