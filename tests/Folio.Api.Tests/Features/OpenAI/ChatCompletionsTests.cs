using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.OpenAI;

/// <summary>
/// <c>POST /v1/chat/completions</c> in extractive mode (no chat model configured) through the official OpenAI client,
/// and its stream as raw Server-Sent Events, checked against OpenAI's chunk format.
/// </summary>
public sealed class ChatCompletionsTests(OpenAIFixture fixture) : IClassFixture<OpenAIFixture>
{
    private const string Question = "How often must the pump be inspected?";
    private const string Model = "folio:" + OpenAIFixture.Collection;

    [Fact]
    public async Task A_completion_answers_with_markers_and_citations_of_exact_evidence()
    {
        using var http = fixture.Factory.CreateClient();

        var result = await OpenAIFixture.ClientOf(http).GetChatClient(Model).CompleteChatAsync(
            [new SystemChatMessage("Answer briefly."), new UserChatMessage("Tell me about the pump."), new AssistantChatMessage("It is centrifugal."), new UserChatMessage(Question)]);

        var completion = result.Value;
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(Model, completion.Model);
        var text = Assert.Single(completion.Content).Text;
        Assert.Equal("The centrifugal pump must be inspected every 500 operating hours. [1]", text);
        // The extension field, which the client does not model: read from the raw response.
        var message = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("choices")[0].GetProperty("message");
        var citations = message.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        Assert.Equal("The centrifugal pump must be inspected every 500 operating hours.", citations[0].GetProperty("quote").GetString());
        await AssertExactAsync(http, citations);
    }

    [Fact]
    public async Task The_official_client_streams_the_same_answer()
    {
        using var http = fixture.Factory.CreateClient();
        var chat = OpenAIFixture.ClientOf(http).GetChatClient(Model);

        var text = new StringBuilder();
        var finish = new List<ChatFinishReason>();
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Question)], new ChatCompletionOptions()))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            finish.AddRange(update.FinishReason is { } reason ? [reason] : []);
            usage = update.Usage ?? usage;
        }

        var whole = await chat.CompleteChatAsync([new UserChatMessage(Question)]);
        Assert.Equal(whole.Value.Content[0].Text, text.ToString());
        Assert.Equal([ChatFinishReason.Stop], finish);
        Assert.NotNull(usage);
    }

    [Fact]
    public async Task The_stream_follows_openais_chunk_format_with_citations_in_the_last_chunk()
    {
        using var http = fixture.Factory.CreateClient();
        using var response = await http.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), JsonContent(new
        {
            model = Model,
            messages = new[] { new { role = "user", content = Question } },
            stream = true,
            stream_options = new { include_usage = true },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone()).ToList();
        Assert.All(chunks, c =>
        {
            Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString());
            Assert.StartsWith("chatcmpl-", c.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(Model, c.GetProperty("model").GetString());
            Assert.True(c.GetProperty("created").GetInt64() > 0);
        });
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());

        // Role first; text; then the last choice chunk says stop and carries the citations; then usage alone.
        var choices = chunks[..^1].Select(c => Assert.Single(c.GetProperty("choices").EnumerateArray())).ToList();
        Assert.Equal("assistant", choices[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.All(choices[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("finish_reason").ValueKind));
        Assert.Equal("stop", choices[^1].GetProperty("finish_reason").GetString());
        var text = string.Concat(choices.Select(c => c.GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : null));
        Assert.Equal("The centrifugal pump must be inspected every 500 operating hours. [1]", text);
        var citations = choices[^1].GetProperty("delta").GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        await AssertExactAsync(http, citations);
        Assert.Empty(chunks[^1].GetProperty("choices").EnumerateArray());
        Assert.Equal(0, chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task The_official_client_surfaces_refusals_as_exceptions_with_their_status()
    {
        using var http = fixture.Factory.CreateClient();
        var openai = OpenAIFixture.ClientOf(http);

        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => openai.GetChatClient("gpt-4o").CompleteChatAsync([new UserChatMessage(Question)]));
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => openai.GetChatClient("folio:nobody-here").CompleteChatAsync([new UserChatMessage(Question)]));
        var noQuestion = await Assert.ThrowsAsync<ClientResultException>(() => openai.GetChatClient(Model).CompleteChatAsync([new SystemChatMessage("Be brief.")]));

        Assert.Equal(404, unknown.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal(400, noQuestion.Status);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","messages":[{"role":"user","content":"Q"}]}""", HttpStatusCode.NotFound, "model_not_found", null)]
    [InlineData("""{"model":"folio:Not A Name","messages":[{"role":"user","content":"Q"}]}""", HttpStatusCode.NotFound, "model_not_found", null)]
    [InlineData("""{"model":"folio:nobody-here","messages":[{"role":"user","content":"Q"}]}""", HttpStatusCode.NotFound, "not_found", null)]
    [InlineData("""{"messages":[{"role":"user","content":"Q"}]}""", HttpStatusCode.BadRequest, "validation_failed", "model")]
    [InlineData("""{"model":"folio:manuals","messages":[]}""", HttpStatusCode.BadRequest, "validation_failed", "messages")]
    [InlineData("""{"model":"folio:manuals"}""", HttpStatusCode.BadRequest, "validation_failed", "messages")]
    [InlineData("""{"model":"folio:manuals","messages":[{"role":"system","content":"Be brief."}]}""", HttpStatusCode.BadRequest, "validation_failed", "messages")]
    [InlineData("""{"model":"folio:manuals","messages":[{"role":"user","content":"Q"},{"role":"assistant","content":"A"}]}""", HttpStatusCode.BadRequest, "validation_failed", "messages")]
    [InlineData("""{"model":"folio:manuals","messages":[{"role":"user","content":"  "}]}""", HttpStatusCode.BadRequest, "validation_failed", "messages")]
    [InlineData("""{"model":"folio:manuals","messages":[{"role":"wizard","content":"Q"}]}""", HttpStatusCode.BadRequest, "validation_failed", "messages[0].role")]
    [InlineData("""{"model":"folio:manuals","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]}""", HttpStatusCode.BadRequest, "validation_failed", "messages[0].content")]
    [InlineData("""{"model":"folio:manuals","messages":[{"role":"user","content":"Q"}],"n":2}""", HttpStatusCode.BadRequest, "validation_failed", "n")]
    public async Task Bad_chat_requests_are_problem_details(string json, HttpStatusCode expected, string code, string? field)
    {
        using var http = fixture.Factory.CreateClient();

        var (status, problem) = await SendAsync(http, HttpMethod.Post, "/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, status);
        Assert.Equal(code, problem.GetProperty("errorCode").GetString());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task Text_parts_are_read_and_overlong_questions_or_conversations_are_refused()
    {
        using var http = fixture.Factory.CreateClient();
        var parts = new[] { new { type = "text", text = "How often must the pump " }, new { type = "text", text = "be inspected?" } };

        var (okStatus, ok) = await PostJsonAsync(http, "/v1/chat/completions", new { model = Model, messages = new[] { new { role = "user", content = (object)parts } } });
        var (longStatus, overlong) = await PostJsonAsync(http, "/v1/chat/completions", new { model = Model, messages = new[] { new { role = "user", content = new string('x', 4_001) } } });
        var (chattyStatus, chatty) = await PostJsonAsync(http, "/v1/chat/completions", new
        {
            model = Model,
            messages = new[] { new { role = "user", content = new string('x', 8_001) }, new { role = "user", content = Question } },
        });

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Contains("500 operating hours", ok.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longStatus);
        Assert.True(overlong.GetProperty("errors").TryGetProperty("messages[0].content", out _), overlong.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, chattyStatus);
        Assert.True(chatty.GetProperty("errors").TryGetProperty("messages", out _), chatty.ToString());
    }

    /// <summary>Each citation's quote is the document's text at [start, end).</summary>
    private static async Task AssertExactAsync(HttpClient http, IEnumerable<JsonElement> citations)
    {
        foreach (var citation in citations)
        {
            var id = citation.GetProperty("documentId").GetString();
            var text = (await SendAsync(http, HttpMethod.Get, $"/v1/documents/{id}/content")).Body.GetProperty("text").GetString()!;
            Assert.Equal(text[citation.GetProperty("start").GetInt32()..citation.GetProperty("end").GetInt32()], citation.GetProperty("quote").GetString());
        }
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body);
}
