extern alias FolioEval;

using System.Net;
using System.Net.Http.Headers;
using Folio.Api.Infrastructure.Access;
using Microsoft.Extensions.Configuration;
using FolioProcess = FolioEval::Folio.Eval.FolioProcess;

namespace Folio.Api.Tests.Features.Access;

/// <summary>Without keys Folio listens on loopback only: an address other machines reach refuses the start, with a message that says what to set.</summary>
public sealed class BindingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-binding-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(null, null, null, "")]
    [InlineData("http://localhost:5080", null, null, "")]
    [InlineData("http://127.0.0.1:5080;http://[::1]:5080", null, null, "")]
    [InlineData("http://0.0.0.0:5080", null, null, "http://0.0.0.0:5080")]
    [InlineData("http://127.0.0.1:1;http://+:8080", null, null, "http://+:8080")]
    [InlineData("http://*:8080", null, null, "http://*:8080")]
    [InlineData("http://[::]:8080", null, null, "http://[::]:8080")]
    [InlineData("http://folio.example.com:80", null, null, "http://folio.example.com:80")]
    [InlineData("http://192.168.1.5:80", null, null, "http://192.168.1.5:80")]
    [InlineData(null, null, "8080", "http://*:8080")]
    // Kestrel's endpoints win over urls, which win over http_ports, as in Kestrel.
    [InlineData("http://0.0.0.0:1", "http://127.0.0.1:8080", null, "")]
    [InlineData("http://localhost:1", "http://+:8080", null, "http://+:8080")]
    [InlineData("http://localhost:1", null, "8080", "")]
    public void Reachable_addresses_are_what_the_configuration_exposes_beyond_loopback(string? urls, string? endpoint, string? httpPorts, string reachable)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["Kestrel:Endpoints:Http:Url"] = endpoint,
            ["http_ports"] = httpPorts,
        }).Build();

        var found = BindingRule.Reachable(BindingRule.ConfiguredUrls(configuration));

        Assert.Equal(reachable, string.Join(";", found));
    }

    [Fact]
    public async Task Folio_without_keys_refuses_to_listen_beyond_loopback()
    {
        // The Dockerfile's way of listening everywhere; nothing binds, as the check runs before the server starts.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FolioProcess.StartAsync(_folder,
            new Dictionary<string, string> { ["Kestrel__Endpoints__Http__Url"] = "http://0.0.0.0:8080" }));

        Assert.Contains("http://0.0.0.0:8080", error.Message, StringComparison.Ordinal);
        Assert.Contains("Folio__Auth__AdminKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folio_with_an_admin_key_needs_it_on_every_v1_route_but_not_on_health()
    {
        await using var folio = await FolioProcess.StartAsync(_folder, new Dictionary<string, string> { ["Folio__Auth__AdminKey"] = AccessHost.AdminKey });

        using var anonymous = await folio.Client.GetAsync(new Uri("/v1/documents", UriKind.Relative));
        using var health = await folio.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/documents") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", AccessHost.AdminKey) } };
        using var admitted = await folio.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.DoesNotContain(AccessHost.AdminKey, folio.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
