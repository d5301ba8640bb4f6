using System.Net;
using System.Text;
using System.Text.Json;
using Folio.Generation.Tests.Onnx;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Questions;

/// <summary>
/// <c>POST /v1/ask</c> with the local ORT GenAI backend on the tiny scripted model: the script plays the
/// model's answer, so the tests check what Folio makes of it — citations, grounding, no-answer, streaming.
/// </summary>
public sealed class GenerativeAskTests : IDisposable
{
    private const string Manual = """
        Pump maintenance

        The centrifugal pump must be inspected every 500 operating hours. Check the mechanical seal for leaks.

        Bearing lubrication

        Grease the bearings with lithium complex grease every 2,000 hours. Do not over-grease the bearings.
        """;

    private readonly FolioApiFactory _factory = new();
    private readonly List<string> _folders = [];

    [Fact]
    public async Task A_cited_answer_maps_its_marker_to_grounded_evidence()
    {
        using var client = await HostWithScriptAsync(["The", " centrifugal", " pump", " must", " be", " inspected", " every", " 500", " operating", " hours", " [1]", "."]);

        var (status, body) = await PostJsonAsync(client, "/v1/ask", new { question = "How often must the pump be inspected?", collection = "manuals" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("generative", body.GetProperty("mode").GetString());
        Assert.Equal("The centrifugal pump must be inspected every 500 operating hours [1].", body.GetProperty("answer").GetString());
        var citation = Assert.Single(body.GetProperty("citations").EnumerateArray());
        Assert.True(citation.GetProperty("grounded").GetBoolean());
        Assert.Contains("every 500 operating hours", citation.GetProperty("quote").GetString(), StringComparison.Ordinal);
        var id = citation.GetProperty("documentId").GetString();
        var text = (await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/content")).Body.GetProperty("text").GetString()!;
        Assert.Equal(text[citation.GetProperty("start").GetInt32()..citation.GetProperty("end").GetInt32()], citation.GetProperty("quote").GetString());
        Assert.True(body.GetProperty("usage").GetProperty("outputTokens").GetInt64() > 0);
    }

    [Fact]
    public async Task A_claim_its_source_does_not_support_is_not_grounded_and_unknown_markers_are_dropped()
    {
        using var client = await HostWithScriptAsync(["The", " moon", " is", " made", " of", " green", " cheese", " [9]", " [1]", "."]);

        var (_, body) = await PostJsonAsync(client, "/v1/ask", new { question = "What is the moon made of?", collection = "manuals" });

        Assert.Equal("The moon is made of green cheese [1].", body.GetProperty("answer").GetString());
        Assert.False(Assert.Single(body.GetProperty("citations").EnumerateArray()).GetProperty("grounded").GetBoolean());
    }

    [Fact]
    public async Task No_answer_streams_no_text_and_says_so()
    {
        using var client = await HostWithScriptAsync(["NO", "_ANSWER"]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ask", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { question = "Who built the pump?", collection = "manuals", stream = true }),
        };

        using var response = await client.SendAsync(request);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["event: sources", "event: done"], events.Select(e => e.Split('\n')[0]));
        var done = JsonDocument.Parse(events[^1].Split('\n')[1]["data: ".Length..]).RootElement;
        Assert.True(done.GetProperty("noAnswer").GetBoolean());
        Assert.Equal(string.Empty, done.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Streamed_deltas_join_to_the_answer()
    {
        using var client = await HostWithScriptAsync(["Grease", " the", " bearings", " every", " 2,000", " hours", " [1]", "."]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ask", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { question = "How often are the bearings greased?", collection = "manuals", stream = true }),
        };

        using var response = await client.SendAsync(request);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => (Name: e.Split('\n')[0]["event: ".Length..], Data: JsonDocument.Parse(e.Split('\n')[1]["data: ".Length..]).RootElement.Clone()))
            .ToList();

        Assert.Equal("sources", events[0].Name);
        Assert.Equal("done", events[^1].Name);
        var deltas = events[1..^1];
        Assert.True(deltas.Count > 1);
        Assert.All(deltas, d => Assert.Equal("delta", d.Name));
        Assert.Equal(events[^1].Data.GetProperty("answer").GetString(), string.Concat(deltas.Select(d => d.Data.GetProperty("text").GetString())));
    }

    public void Dispose()
    {
        _factory.Dispose();
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A host answering with <paramref name="script"/>, with the pump manual ingested into <c>manuals</c>.</summary>
    private async Task<HttpClient> HostWithScriptAsync(IReadOnlyList<string> script)
    {
        var folder = Path.Combine(Path.GetTempPath(), "folio-tiny-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        // The prompt is byte-level tokens in this model: a context of 4,096 holds the instructions and the manual.
        TinyChatModel.Write(folder, script, contextLength: 4_096);
        var client = _factory.WithWebHostBuilder(builder => builder
            .UseSetting("Generation:Backend", "Onnx")
            .UseSetting("Generation:ModelFolder", folder)).CreateClient();
        var (status, _) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes(Manual), "pump.txt")], "manuals"));
        Assert.Equal(HttpStatusCode.OK, status);
        return client;
    }
}
