using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Folio.Generation.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Generation.Tests.OpenAI;

/// <summary>The OpenAI-compatible backend, as AddFolioGeneration wires it, against a chat-completions server on loopback.</summary>
public sealed class OpenAICompatibleBackendTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Who is there?")];

    [Fact]
    public async Task Answer_comes_back_with_usage_and_the_request_carries_model_key_messages_and_the_default_length()
    {
        await using var server = await ChatCompletionsServer.StartAsync();
        await using var services = Backend(server.Endpoint, ("ApiKey", "sk-test"), ("MaxOutputTokens", "77"));
        var backend = services.GetRequiredService<GenerationBackend>();

        var response = await backend.ChatClient!.GetResponseAsync(Question);

        Assert.Equal("Hello from the server", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(7, response.Usage?.InputTokenCount);
        Assert.Equal(4, response.Usage?.OutputTokenCount);
        var body = Assert.Single(server.Bodies);
        Assert.Equal(ChatCompletionsServer.Model, (string?)body["model"]);
        Assert.Equal("Who is there?", (string?)body["messages"]![0]!["content"]);
        Assert.Equal(77, MaxTokensOf(body));
        Assert.Equal("Bearer sk-test", Assert.Single(server.Authorizations));
    }

    [Fact]
    public async Task Streamed_answer_arrives_piece_by_piece_over_server_sent_events()
    {
        await using var server = await ChatCompletionsServer.StartAsync(words: ["One", " two", " three"]);
        await using var services = Backend(server.Endpoint);
        var chat = services.GetRequiredService<GenerationBackend>().ChatClient!;

        var pieces = new List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync(Question))
        {
            if (update.Text.Length > 0)
            {
                pieces.Add(update.Text);
            }
        }

        Assert.Equal(["One", " two", " three"], pieces);
        Assert.True(Assert.Single(server.Bodies)["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Json_schema_response_format_reaches_the_server()
    {
        await using var server = await ChatCompletionsServer.StartAsync(words: ["{\"a\":1}"]);
        await using var services = Backend(server.Endpoint);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""").RootElement;

        var response = await services.GetRequiredService<GenerationBackend>().ChatClient!.GetResponseAsync(
            Question, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "answer") });

        Assert.Equal("{\"a\":1}", response.Text);
        var format = Assert.Single(server.Bodies)["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("integer", (string?)format["json_schema"]!["schema"]!["properties"]!["a"]!["type"]);
    }

    [Theory]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(503, true)]
    public async Task A_throttled_or_failing_attempt_is_retried_then_succeeds(int status, bool stream)
    {
        await using var server = await ChatCompletionsServer.StartAsync(failures: [status]);
        await using var services = Backend(server.Endpoint, ("MaxRetries", "2"));
        var chat = services.GetRequiredService<GenerationBackend>().ChatClient!;

        var text = await AnswerAsync(chat, stream);

        Assert.Equal("Hello from the server", text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_dependency_unavailable_after_the_retries()
    {
        await using var server = await ChatCompletionsServer.StartAsync(failures: [500, 500, 500, 500]);
        await using var services = Backend(server.Endpoint, ("MaxRetries", "2"));

        var error = await Assert.ThrowsAsync<ChatBackendUnavailableException>(() =>
            services.GetRequiredService<GenerationBackend>().ChatClient!.GetResponseAsync(Question).WaitAsync(HangGuard));

        Assert.Equal(3, server.Requests);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var server = await ChatCompletionsServer.StartAsync(failures: [401]);
        await using var services = Backend(server.Endpoint, ("MaxRetries", "2"));

        await Assert.ThrowsAsync<ChatBackendUnavailableException>(() =>
            services.GetRequiredService<GenerationBackend>().ChatClient!.GetResponseAsync(Question).WaitAsync(HangGuard));

        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_is_down_is_dependency_unavailable(bool stream)
    {
        await using var services = Backend(new Uri($"http://127.0.0.1:{ClosedPort()}/v1"), ("MaxRetries", "1"));
        var chat = services.GetRequiredService<GenerationBackend>().ChatClient!;

        var error = await Assert.ThrowsAsync<ChatBackendUnavailableException>(() =>
            AnswerAsync(chat, stream).WaitAsync(HangGuard));

        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_never_answers_is_dependency_unavailable_at_the_deadline(bool stream)
    {
        await using var server = await ChatCompletionsServer.StartAsync(hang: true);
        await using var services = Backend(server.Endpoint, ("Timeout", "00:00:01"), ("AttemptTimeout", "00:00:00.400"), ("MaxRetries", "1"));
        var chat = services.GetRequiredService<GenerationBackend>().ChatClient!;

        var error = await Assert.ThrowsAsync<ChatBackendUnavailableException>(() =>
            AnswerAsync(chat, stream).WaitAsync(HangGuard));

        Assert.Contains("did not answer within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        await using var server = await ChatCompletionsServer.StartAsync(hang: true);
        await using var services = Backend(server.Endpoint);
        using var cancellation = new CancellationTokenSource();
        var pending = services.GetRequiredService<GenerationBackend>().ChatClient!.GetResponseAsync(Question, cancellationToken: cancellation.Token);

        while (server.Requests == 0)
        {
            await Task.Delay(10);
        }

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Status_names_the_remote_model_and_metadata_is_there_for_Semantic_Kernel()
    {
        await using var services = Backend(new Uri("http://127.0.0.1:1/v1"));
        var backend = services.GetRequiredService<GenerationBackend>();

        Assert.True(backend.IsGenerative);
        Assert.Equal(new ChatBackendStatus(ChatBackend.OpenAI, ChatCompletionsServer.Model, "remote", null, null), backend.Status);
        Assert.Equal(ChatCompletionsServer.Model, backend.ChatClient!.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    private static ServiceProvider Backend(Uri endpoint, params (string Key, string? Value)[] settings) => GenerationHost.Build(
        [("Backend", "OpenAI"), ("Endpoint", endpoint.ToString()), ("Model", ChatCompletionsServer.Model), ("RetryDelay", "00:00:00.010"), .. settings]);

    private static async Task<string> AnswerAsync(IChatClient chat, bool stream)
    {
        if (!stream)
        {
            return (await chat.GetResponseAsync(Question)).Text;
        }

        var text = new StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync(Question))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }

    /// <summary>max_completion_tokens (newer SDKs) or max_tokens.</summary>
    private static int? MaxTokensOf(System.Text.Json.Nodes.JsonObject body) =>
        (int?)(body["max_completion_tokens"] ?? body["max_tokens"]);

    /// <summary>A loopback port nothing listens on: bound once by the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
