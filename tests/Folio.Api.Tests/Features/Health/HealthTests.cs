using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Folio.Api.Tests.Features.Health;

public sealed class HealthTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    [Fact]
    public async Task Live_answers_200()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("live", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_names_the_embedding_model_device_and_index()
    {
        using var client = factory.CreateClient();

        var body = await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Contains("\"status\":\"ready\"", body, StringComparison.Ordinal);
        Assert.Contains("\"embeddingModel\":\"all-MiniLM-L6-v2-", body, StringComparison.Ordinal);
        Assert.Contains("\"device\":\"cpu\"", body, StringComparison.Ordinal);
        Assert.Contains("\"index\":\"EmbeddedChunkIndex\"", body, StringComparison.Ordinal);
        Assert.Contains("\"chat\":{\"backend\":\"none\",\"device\":\"none\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_is_503_naming_the_problem_when_the_chat_model_folder_is_missing()
    {
        var folder = Path.Combine(factory.DataFolder, "no-such-model");
        using var broken = factory.WithWebHostBuilder(b => b.UseSetting("Generation:Backend", "Onnx").UseSetting("Generation:ModelFolder", folder));
        using var client = broken.CreateClient();

        var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"status\":\"unavailable\"", body, StringComparison.Ordinal);
        Assert.Contains("\"backend\":\"onnx\",\"model\":\"no-such-model\"", body, StringComparison.Ordinal);
        Assert.Contains("does not exist", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_parse_endpoint()
    {
        using var client = factory.CreateClient();

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Contains("/v1/parse", document, StringComparison.Ordinal);
        Assert.Contains("/v1/documents", document, StringComparison.Ordinal);
        Assert.Contains("/v1/search", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_with_error_code()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"errorCode\":\"not_found\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
