using System.Net;
using System.Text;
using System.Text.Json;
using Folio.Generation;
using Folio.Generation.Chat;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Questions;

/// <summary>
/// The answer cache behind <c>POST /v1/ask</c>: a scripted chat model counts how often answering really runs
/// (search and model sit behind the cache), and uploads and deletes show which changes invalidate.
/// </summary>
public sealed class AnswerCacheTests : IDisposable
{
    private const string Question = "How often must the pump be inspected?";

    private readonly FolioApiFactory _factory = new();
    private readonly RecordingChatClient _model = new(new ScriptedChatClient("The pump", " is inspected every 500 hours", " [1]."));
    private readonly HttpClient _client;

    public AnswerCacheTests()
    {
        _client = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton(
            new GenerationBackend(new ChatBackendStatus(ChatBackend.OpenAI, "scripted", "test", 4_096, null), _model)))).CreateClient();
    }

    [Fact]
    public async Task An_identical_question_is_answered_from_the_cache_online_and_streaming()
    {
        await UploadAsync("manuals", "pump.txt", "The centrifugal pump must be inspected every 500 operating hours.");

        var first = await AskAsync();
        var second = await AskAsync();
        var streamed = await AskStreamingAsync();

        Assert.Single(_model.Requests);
        Assert.Equal(first.GetRawText(), second.GetRawText());
        Assert.Equal(["sources", "delta", "delta", "delta", "done"], streamed.Select(e => e.Name));
        Assert.Equal(first.GetRawText(), streamed[^1].Data.GetRawText());

        // Another topK is another question.
        await PostJsonAsync(_client, "/v1/ask", new { question = Question, collection = "manuals", topK = 1 });
        Assert.Equal(2, _model.Requests.Count);
    }

    [Fact]
    public async Task An_upload_or_a_delete_in_the_collection_invalidates_and_another_collection_does_not()
    {
        await UploadAsync("manuals", "pump.txt", "The centrifugal pump must be inspected every 500 operating hours.");
        await AskAsync();

        await UploadAsync("other", "fan.txt", "The fan is cleaned every month.");
        await AskAsync();
        Assert.Single(_model.Requests);

        var added = await UploadAsync("manuals", "valve.txt", "The pump's valve is replaced every 4,000 operating hours.");
        await AskAsync();
        await AskAsync();
        Assert.Equal(2, _model.Requests.Count);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(_client, HttpMethod.Delete, $"/v1/documents/{added}")).Status);
        var afterDelete = await AskAsync();
        Assert.Equal(3, _model.Requests.Count);
        Assert.DoesNotContain(afterDelete.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentId").GetString() == added);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    private async Task<string> UploadAsync(string collection, string fileName, string text)
    {
        var (status, body) = await SendAsync(_client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes(text), fileName)], collection));
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("documents")[0].GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> AskAsync()
    {
        var (status, body) = await PostJsonAsync(_client, "/v1/ask", new { question = Question, collection = "manuals" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("The pump is inspected every 500 hours [1].", body.GetProperty("answer").GetString());
        return body;
    }

    private async Task<List<(string Name, JsonElement Data)>> AskStreamingAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ask", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { question = Question, collection = "manuals", stream = true }),
        };
        using var response = await _client.SendAsync(request);
        return (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => (e.Split('\n')[0]["event: ".Length..], JsonDocument.Parse(e.Split('\n')[1]["data: ".Length..]).RootElement.Clone()))
            .ToList();
    }
}
