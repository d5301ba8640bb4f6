using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Folio.Generation;
using Folio.Generation.Chat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Access;

/// <summary>
/// A key runs at most <c>RateLimits:GenerationConcurrency</c> questions at once, over REST and MCP together; one more is 429
/// <c>concurrency_limited</c> (a tool error with that code over MCP), another key's is not.
/// </summary>
public sealed class ConcurrencyLimitTests : IDisposable
{
    private readonly FolioApiFactory _factory = new();
    private readonly HeldChatClient _model = new();

    [Fact]
    public async Task A_keys_second_question_at_once_is_429_while_another_key_is_served()
    {
        using var host = Host();
        using var admin = Client(host, AccessHost.AdminKey);
        var (uploaded, _) = await SendAsync(admin, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes(AccessHost.AlphaText), "a.txt")], "alpha"));
        Assert.Equal(HttpStatusCode.OK, uploaded);
        using var first = Client(host, await KeyAsync(admin));
        using var second = Client(host, await KeyAsync(admin));

        var running = PostJsonAsync(first, "/v1/ask", new { question = "When does the crossing open?" });
        await _model.Entered.WaitAsync(TimeSpan.FromMinutes(1));
        using var refused = await first.PostAsync(new Uri("/v1/ask", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { question = "And on Sundays?" }));
        var other = PostJsonAsync(second, "/v1/ask", new { question = "Where is the crossing?" });
        await _model.EnteredTwice.WaitAsync(TimeSpan.FromMinutes(1));
        _model.Release();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("\"errorCode\":\"concurrency_limited\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await running).Status);
        Assert.Equal(HttpStatusCode.OK, (await other).Status);
    }

    [Fact]
    public async Task Mcp_ask_and_extract_take_the_same_limit_as_rest()
    {
        using var host = Host();
        using var admin = Client(host, AccessHost.AdminKey);
        var (uploaded, body) = await SendAsync(admin, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes(AccessHost.AlphaText), "a.txt")], "alpha"));
        Assert.Equal(HttpStatusCode.OK, uploaded);
        var documentId = body.GetProperty("documents")[0].GetProperty("id").GetString();
        using var first = Client(host, await KeyAsync(admin));
        using var second = Client(host, await KeyAsync(admin));
        await using var firstMcp = await McpAsync(first);
        await using var secondMcp = await McpAsync(second);

        // The first key's question over MCP holds its one permit: REST and MCP are refused, for ask and extract alike.
        var running = firstMcp.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "When does the crossing open?", ["collection"] = "alpha" }).AsTask();
        await _model.Entered.WaitAsync(TimeSpan.FromMinutes(1));
        using var refused = await first.PostAsync(new Uri("/v1/ask", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { question = "And on Sundays?" }));
        var refusedAsk = await firstMcp.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "And on Sundays?", ["collection"] = "alpha" });
        var refusedExtract = await firstMcp.CallToolAsync("extract", new Dictionary<string, object?> { ["documentId"] = documentId, ["schema"] = AccessHost.Schema });
        var other = secondMcp.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "Where is the crossing?", ["collection"] = "alpha" }).AsTask();
        await _model.EnteredTwice.WaitAsync(TimeSpan.FromMinutes(1));
        _model.Release();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("\"errorCode\":\"concurrency_limited\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var result in new[] { refusedAsk, refusedExtract })
        {
            Assert.True(result.IsError);
            Assert.Equal("concurrency_limited", Json(result).GetProperty("error").GetProperty("code").GetString());
        }

        foreach (var served in new[] { await running, await other })
        {
            Assert.NotEqual(true, served.IsError);
            Assert.True(Json(served).TryGetProperty("answer", out _), Json(served).GetRawText());
        }
    }

    public void Dispose()
    {
        _factory.Dispose();
        _model.Dispose();
    }

    private WebApplicationFactory<Program> Host() => _factory.WithWebHostBuilder(builder => builder
        .UseSetting("Auth:AdminKey", AccessHost.AdminKey)
        .UseSetting("RateLimits:GenerationConcurrency", "1")
        .UseSetting("RateLimits:ConcurrencyQueue", "0")
        .ConfigureTestServices(services => services.AddSingleton(
            new GenerationBackend(new ChatBackendStatus(ChatBackend.OpenAI, "held", "test", 4_096, null), _model))));

    private static Task<McpClient> McpAsync(HttpClient client) => McpClient.CreateAsync(new HttpClientTransport(
        new() { Endpoint = new Uri(client.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, client, ownsHttpClient: false));

    private static JsonElement Json(CallToolResult result) =>
        JsonDocument.Parse(result.Content.OfType<TextContentBlock>().Single().Text).RootElement.Clone();

    private static HttpClient Client(WebApplicationFactory<Program> host, string key)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<string> KeyAsync(HttpClient admin)
    {
        var (_, body) = await PostJsonAsync(admin, "/v1/keys", new { name = "asker", scopes = new[] { "read" }, collections = new[] { "alpha" } });
        return body.GetProperty("key").GetString()!;
    }

    /// <summary>A model that holds every request until released, so requests overlap for certain.</summary>
    private sealed class HeldChatClient : IChatClient
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _enteredTwice = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _entries;

        public Task Entered => _entered.Task;

        public Task EnteredTwice => _enteredTwice.Task;

        public void Release() => _release.TrySetResult();

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            (Interlocked.Increment(ref _entries) == 1 ? _entered : _enteredTwice).TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "At nine in the morning [1]."));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var response = await GetResponseAsync(messages, options, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, response.Text);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() => Release();
    }
}
