using System.ComponentModel;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Folio.Generation.Plugin;
using Folio.Generation.Tests.Plugin;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Mcp;

/// <summary>
/// <c>/mcp</c> through the MCP client over streamable HTTP against the real host: the plugin's four tools with
/// its descriptions, and (issue 12, acceptance 1 over MCP) a Kernel driven by a scripted model through Folio's
/// MCP tools gets evidence with exact offsets.
/// </summary>
public sealed class McpServerTests(McpServerTests.Host fixture) : IClassFixture<McpServerTests.Host>
{
    private readonly HttpClient _http = fixture.Http;
    private readonly string _leaseId = fixture.LeaseId;

    [Fact]
    public async Task The_tools_are_the_plugins_functions_with_their_descriptions()
    {
        await using var client = await ConnectAsync();

        var tools = await client.ListToolsAsync();

        Assert.Equal(["ask", "extract", "list_documents", "search"], tools.Select(t => t.Name).Order());
        var search = typeof(FolioPlugin).GetMethod(nameof(FolioPlugin.SearchAsync))!;
        Assert.Equal(search.GetCustomAttribute<DescriptionAttribute>()!.Description, tools.Single(t => t.Name == "search").Description);
        Assert.Contains("\"query\"", tools.Single(t => t.Name == "search").JsonSchema.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_over_mcp_returns_evidence_at_exact_offsets()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = "notice period", ["collection"] = "contracts", ["topK"] = 3 });

        var json = JsonDocument.Parse(result.Content.OfType<TextContentBlock>().Single().Text).RootElement;
        var evidence = json.GetProperty("results")[0].GetProperty("evidence");
        Assert.Equal(_leaseId, evidence.GetProperty("documentId").GetString());
        await AssertExactAsync(evidence);
    }

    [Fact]
    public async Task A_kernel_agent_uses_folio_over_mcp_and_gets_exact_evidence()
    {
        await using var client = await ConnectAsync();
        var tools = await client.ListToolsAsync();
        var model = new ScriptedChatClient(
            (_, options) => ScriptedChatClient.Call(options, "search", new() { ["query"] = "monthly rent", ["collection"] = "contracts", ["topK"] = 2 }),
            (_, _) => new ChatMessage(ChatRole.Assistant, "Found it."));
        var builder = Kernel.CreateBuilder();
        builder.Services.AddChatClient(model).UseFunctionInvocation();
        var kernel = builder.Build();
        kernel.Plugins.AddFromFunctions("folio", tools.Select(t => t.AsKernelFunction()));

        var answer = await kernel.InvokePromptAsync("What is the rent?", new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        Assert.Equal("Found it.", answer.ToString());
        var result = Assert.Single(model.Results).Result;
        var text = result switch
        {
            // The MCP tool's text content, as the function invoker serialised it for the model.
            JsonElement element when element.TryGetProperty("text", out var content) => content.GetString()!,
            var other => throw new InvalidOperationException($"Unexpected function result {other}."),
        };
        var evidence = JsonDocument.Parse(text).RootElement.GetProperty("results")[0].GetProperty("evidence");
        Assert.Contains("1,250 EUR", evidence.GetProperty("quote").GetString(), StringComparison.Ordinal);
        await AssertExactAsync(evidence);
    }

    private Task<McpClient> ConnectAsync() =>
        McpClient.CreateAsync(new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(_http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp, Name = "folio-test" },
            _http, ownsHttpClient: false));

    private async Task AssertExactAsync(JsonElement evidence)
    {
        var (_, content) = await SendAsync(_http, HttpMethod.Get, $"/v1/documents/{evidence.GetProperty("documentId").GetString()}/content");
        var text = content.GetProperty("text").GetString()!;
        Assert.Equal(evidence.GetProperty("quote").GetString(), text[evidence.GetProperty("start").GetInt32()..evidence.GetProperty("end").GetInt32()]);
    }

    /// <summary>One Folio with one lease in the collection <c>contracts</c>.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private const string Lease = "Lease\n\nEither party may end the lease with a notice period of two months, given in writing.\nThe monthly rent is 1,250 EUR.\n";

        public FolioApiFactory Factory { get; } = new();

        public HttpClient Http { get; private set; } = null!;

        public string LeaseId { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            Http = Factory.CreateClient();
            var (status, body) = await SendAsync(Http, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes(Lease), "lease.txt")], "contracts"));
            Assert.Equal(HttpStatusCode.OK, status);
            LeaseId = body.GetProperty("documents")[0].GetProperty("id").GetString()!;
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
