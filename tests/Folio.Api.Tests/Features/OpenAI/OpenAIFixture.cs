using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using OpenAI;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.OpenAI;

/// <summary>A host (extractive answers) with a small pump manual ingested into collection <c>manuals</c>.</summary>
public sealed class OpenAIFixture : IAsyncLifetime
{
    public const string Collection = "manuals";

    public const string Manual = """
        Pump maintenance

        The centrifugal pump must be inspected every 500 operating hours. Check the mechanical seal for leaks.

        Bearing lubrication

        Grease the bearings with lithium complex grease every 2,000 hours. Do not over-grease the bearings.
        """;

    public FolioApiFactory Factory { get; } = new();

    /// <summary>The official OpenAI client, unchanged, sending its requests to Folio through <paramref name="http"/>.</summary>
    public static OpenAIClient ClientOf(HttpClient http) =>
        new(new ApiKeyCredential("not-checked"), new OpenAIClientOptions { Endpoint = new Uri(http.BaseAddress!, "/v1"), Transport = new HttpClientPipelineTransport(http) });

    public async Task InitializeAsync()
    {
        using var client = Factory.CreateClient();
        var (status, _) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes(Manual), "pump.txt")], Collection));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
