using System.Net;
using System.Text;
using System.Text.Json;
using Folio.Api.Tests.Features.Questions;
using Folio.Generation;
using Folio.Generation.Chat;
using Folio.Generation.Tests.Onnx;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.OpenAI;

/// <summary>
/// <c>POST /v1/chat/completions</c> with the local ORT GenAI backend on the tiny scripted model: the conversation
/// reaches the prompt, and the streamed text (markers renumbered as it streams) joins to the cited answer.
/// </summary>
public sealed class GenerativeChatTests : IDisposable
{
    private readonly FolioApiFactory _factory = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-tiny-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_streamed_generative_answer_joins_to_its_cited_text_and_sees_the_conversation()
    {
        // [9] names no source: dropped with its space, though it streams before the [1] that stays.
        var (http, model) = await HostAsync(["Grease", " the", " bearings", " every", " 2,000", " hours", " [9]", " [1]", "."], ("pump.txt", OpenAIFixture.Manual));
        using var _ = http;
        var messages = new object[]
        {
            new { role = "system", content = "Talk like a pirate." },
            new { role = "user", content = "Tell me about the bearings." },
            new { role = "assistant", content = "They need grease." },
            new { role = "user", content = "How often are the bearings greased?" },
        };

        using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative),
            System.Net.Http.Json.JsonContent.Create(new { model = "folio:manuals", messages, stream = true }));

        var chunks = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[..^1]
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].Clone()).ToList();
        var deltas = chunks.Where(c => c.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString()!.Length > 0).ToList();
        Assert.True(deltas.Count > 1);
        Assert.Equal("Grease the bearings every 2,000 hours [1].", string.Concat(deltas.Select(d => d.GetProperty("delta").GetProperty("content").GetString())));
        var citation = Assert.Single(chunks[^1].GetProperty("delta").GetProperty("citations").EnumerateArray());
        Assert.True(citation.GetProperty("grounded").GetBoolean());
        var text = (await SendAsync(http, HttpMethod.Get, $"/v1/documents/{citation.GetProperty("documentId").GetString()}/content")).Body.GetProperty("text").GetString()!;
        Assert.Equal(text[citation.GetProperty("start").GetInt32()..citation.GetProperty("end").GetInt32()], citation.GetProperty("quote").GetString());

        // Folio's instructions, the user and assistant turns in order, then the sources and the question; not the client's system message.
        var prompt = Assert.Single(model.Requests);
        Assert.Equal([Microsoft.Extensions.AI.ChatRole.System, Microsoft.Extensions.AI.ChatRole.User, Microsoft.Extensions.AI.ChatRole.Assistant, Microsoft.Extensions.AI.ChatRole.User], prompt.Select(m => m.Role));
        Assert.DoesNotContain(prompt, m => m.Text.Contains("pirate", StringComparison.Ordinal));
        Assert.Equal(["Tell me about the bearings.", "They need grease."], prompt.Skip(1).Take(2).Select(m => m.Text));
        Assert.EndsWith("Question: How often are the bearings greased?", prompt[^1].Text, StringComparison.Ordinal);

        // The official client, streaming the same conversation: the same text, and the model's token usage.
        var streamed = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in OpenAIFixture.ClientOf(http).GetChatClient("folio:manuals").CompleteChatStreamingAsync(
            [new SystemChatMessage("Talk like a pirate."), new UserChatMessage("Tell me about the bearings."), new AssistantChatMessage("They need grease."), new UserChatMessage("How often are the bearings greased?")]))
        {
            streamed.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            usage = update.Usage ?? usage;
        }

        Assert.Equal("Grease the bearings every 2,000 hours [1].", streamed.ToString());
        Assert.True(usage!.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Markers_the_model_writes_out_of_order_stream_renumbered_as_the_citations_are()
    {
        var (http, _) = await HostAsync(
            ["Valves", " are", " replaced", " yearly", " [2].", " The", " pump", " is", " inspected", " every", " 500", " hours", " [1]", "."],
            ("pump.txt", OpenAIFixture.Manual), ("valves.txt", "Valve service\n\nThe inlet valves are replaced yearly by the plant fitter."));
        using var _ = http;

        using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new
        {
            model = "folio:manuals",
            messages = new[] { new { role = "user", content = "How often are the valves replaced and the pump inspected?" } },
            stream = true,
        }));

        var chunks = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[..^1]
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].Clone()).ToList();
        var text = string.Concat(chunks.Select(c => c.GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : null));
        Assert.Equal("Valves are replaced yearly [1]. The pump is inspected every 500 hours [2].", text);
        var citations = chunks[^1].GetProperty("delta").GetProperty("citations").EnumerateArray().ToList();
        // The model's [2] is the first citation, its [1] the second: one source each.
        Assert.Equal(2, citations.Count);
        Assert.NotEqual(citations[0].GetProperty("documentId").GetString(), citations[1].GetProperty("documentId").GetString());
    }

    /// <summary>A host answering with <paramref name="script"/> on the tiny model, recording its prompts, with <paramref name="files"/> in <c>manuals</c>.</summary>
    private async Task<(HttpClient Http, RecordingChatClient Model)> HostAsync(IReadOnlyList<string> script, params (string Name, string Text)[] files)
    {
        TinyChatModel.Write(_folder, script, contextLength: 4_096);
        RecordingChatClient? model = null;
        var http = _factory.WithWebHostBuilder(builder => builder
            .UseSetting("Generation:Backend", "Onnx")
            .UseSetting("Generation:ModelFolder", _folder)
            .ConfigureTestServices(services => services.AddSingleton(sp =>
            {
                var chat = sp.GetRequiredService<IChatClient>();
                model = new RecordingChatClient(chat);
                return new GenerationBackend(chat.GetService<ChatBackendStatus>()!, model);
            }))).CreateClient();
        var (uploaded, _) = await SendAsync(http, HttpMethod.Post, "/v1/documents?wait=true", Upload(files.Select(f => (Encoding.UTF8.GetBytes(f.Text), f.Name)), "manuals"));
        Assert.Equal(HttpStatusCode.OK, uploaded);
        return (http, model!);
    }

    public void Dispose()
    {
        _factory.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
