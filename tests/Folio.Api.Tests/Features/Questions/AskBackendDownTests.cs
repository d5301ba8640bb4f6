using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Questions;

/// <summary>A configured chat backend that does not answer makes <c>/v1/ask</c> a 503, within the deadline, never a hang or a 500.</summary>
public sealed class AskBackendDownTests : IDisposable
{
    private readonly FolioApiFactory _factory = new();

    [Fact]
    public async Task An_unreachable_openai_compatible_server_is_503_dependency_unavailable()
    {
        using var client = _factory.WithWebHostBuilder(builder => builder
            .UseSetting("Generation:Backend", "OpenAI")
            .UseSetting("Generation:Endpoint", $"http://127.0.0.1:{ClosedPort()}/v1")
            .UseSetting("Generation:Model", "absent")
            .UseSetting("Generation:MaxRetries", "0")
            .UseSetting("Generation:AttemptTimeout", "00:00:05")
            .UseSetting("Generation:Timeout", "00:00:10")).CreateClient();
        var (uploaded, _) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true",
            Upload([(Encoding.UTF8.GetBytes("The pump is inspected every 500 operating hours."), "pump.txt")], "manuals"));
        Assert.Equal(HttpStatusCode.OK, uploaded);

        var (status, body) = await PostJsonAsync(client, "/v1/ask", new { question = "How often is the pump inspected?", collection = "manuals" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("dependency_unavailable", body.GetProperty("errorCode").GetString());
    }

    public void Dispose() => _factory.Dispose();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
