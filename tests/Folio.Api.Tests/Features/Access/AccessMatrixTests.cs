using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Access;

/// <summary>
/// Issue 12, acceptance 2: every route × every kind of caller answers the status its key earns — 401 without a
/// live key, 403 without the scope, 404 for another collection's document — and no answer to one collection's
/// key holds another collection's ids or text.
/// </summary>
public sealed class AccessMatrixTests(AccessHost host) : IClassFixture<AccessHost>
{
    // Statuses by caller for the callers that hold a live key; none, wrong and revoked always get 401.
    private static readonly Dictionary<string, Dictionary<string, HttpStatusCode>> Expected = new()
    {
        ["document"] = Earns(read: HttpStatusCode.OK, write: HttpStatusCode.OK, other: HttpStatusCode.NotFound, admin: HttpStatusCode.OK),
        ["collection"] = Earns(read: HttpStatusCode.OK, write: HttpStatusCode.OK, other: HttpStatusCode.OK, admin: HttpStatusCode.OK),
        ["upload"] = Earns(read: HttpStatusCode.Forbidden, write: HttpStatusCode.Accepted, other: HttpStatusCode.Accepted, admin: HttpStatusCode.Accepted),
        ["uploadExtraction"] = Earns(read: HttpStatusCode.Forbidden, write: HttpStatusCode.OK, other: HttpStatusCode.OK, admin: HttpStatusCode.OK),
        ["delete"] = Earns(read: HttpStatusCode.Forbidden, write: HttpStatusCode.NoContent, other: HttpStatusCode.NotFound, admin: HttpStatusCode.NoContent),
        ["admin"] = Earns(read: HttpStatusCode.Forbidden, write: HttpStatusCode.Forbidden, other: HttpStatusCode.Forbidden, admin: HttpStatusCode.OK),
        ["adminCreate"] = Earns(read: HttpStatusCode.Forbidden, write: HttpStatusCode.Forbidden, other: HttpStatusCode.Forbidden, admin: HttpStatusCode.Created),
        ["adminDelete"] = Earns(read: HttpStatusCode.Forbidden, write: HttpStatusCode.Forbidden, other: HttpStatusCode.Forbidden, admin: HttpStatusCode.NoContent),
    };

    private static readonly (string Name, string Kind, Func<AccessHost, Task<HttpRequestMessage>> Make)[] Routes =
    [
        ("list documents", "collection", _ => Get("/v1/documents")),
        ("get document", "document", h => Get($"/v1/documents/{h.AlphaId}")),
        ("get chunks", "document", h => Get($"/v1/documents/{h.AlphaId}/chunks")),
        ("get content", "document", h => Get($"/v1/documents/{h.AlphaId}/content")),
        ("get file", "document", h => Get($"/v1/documents/{h.AlphaId}/file")),
        ("extract by documentId", "document", h => Json("/v1/extractions", new { documentId = h.AlphaId, schema = JsonDocument.Parse(AccessHost.Schema).RootElement })),
        ("search", "collection", _ => Json("/v1/search", new { query = "zebra walrus vault crossing" })),
        ("ask", "collection", _ => Json("/v1/ask", new { question = "When does it open?" })),
        ("parse", "collection", _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/v1/parse") { Content = Upload([(Encoding.UTF8.GetBytes("A note to parse."), "p.txt")]) })),
        ("upload", "upload", _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/v1/documents")
            { Content = Upload([(Encoding.UTF8.GetBytes("Upload probe " + Guid.NewGuid().ToString("N")), "probe.txt")]) })),
        ("extract an uploaded file", "uploadExtraction", _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/v1/extractions") { Content = UploadWithSchema() })),
        ("delete document", "delete", async h => new HttpRequestMessage(HttpMethod.Delete, $"/v1/documents/{await h.UploadAsync("alpha")}")),
        ("page words", "document", h => Get($"/v1/documents/{h.AlphaId}/pages/1/words")),
        ("embeddings", "collection", h => Json("/v1/embeddings", new { input = "zebra crossing", model = h.Host.Services.GetRequiredService<Folio.Retrieval.Embeddings.OnnxEmbeddingGenerator>().ModelId })),
        ("chat completion", "collection", _ => Json("/v1/chat/completions", new { model = "folio", messages = new[] { new { role = "user", content = "When does it open?" } } })),
        ("list models", "collection", _ => Get("/v1/models")),
        ("list batch files", "collection", _ => Get("/v1/files")),
        ("list batches", "collection", _ => Get("/v1/batches")),
        ("list keys", "admin", _ => Get("/v1/keys")),
        ("create key", "adminCreate", _ => Json("/v1/keys", new { name = "made by the matrix", scopes = new[] { "read" }, collections = new[] { "alpha" } })),
        ("revoke key", "adminDelete", async h => new HttpRequestMessage(HttpMethod.Delete, $"/v1/keys/{await NewKeyIdAsync(h)}")),
        ("read the audit log", "admin", _ => Get("/v1/audit")),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes)
        {
            foreach (var caller in AccessHost.Callers)
            {
                data.Add(route.Name, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_route_answers_what_the_callers_key_earns_and_nothing_of_another_collection(string routeName, string caller)
    {
        var route = Routes.Single(r => r.Name == routeName);
        using var client = host.Client(caller);
        using var request = await route.Make(host);

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        var expected = caller is "none" or "wrong" or "revoked" ? HttpStatusCode.Unauthorized : Expected[route.Kind][caller];
        Assert.True(expected == response.StatusCode, $"{routeName} as {caller}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("\"errorCode\":\"unauthorized\"", text, StringComparison.Ordinal);
        }
        else if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("\"errorCode\":\"forbidden\"", text, StringComparison.Ordinal);
        }

        AssertNoLeak(caller, text);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("wrong")]
    [InlineData("revoked")]
    public async Task Mcp_without_a_live_key_is_401(string caller)
    {
        using var client = host.Client(caller);

        using var response = await client.PostAsync(new Uri("/mcp", UriKind.Relative), JsonContent.Create(new
        {
            jsonrpc = "2.0", id = 1, method = "initialize",
            @params = new { protocolVersion = "2025-06-18", capabilities = new { }, clientInfo = new { name = "t", version = "1" } },
        }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("read")]
    [InlineData("write")]
    [InlineData("other")]
    [InlineData("admin")]
    public async Task Mcp_tools_see_only_the_keys_collections(string caller)
    {
        using var client = host.Client(caller);
        await using var mcp = await ModelContextProtocol.Client.McpClient.CreateAsync(new ModelContextProtocol.Client.HttpClientTransport(
            new() { Endpoint = new Uri(client.BaseAddress!, "/mcp"), TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp }, client, ownsHttpClient: false));

        var list = await CallAsync(mcp, "list_documents", new() { ["limit"] = 100 });
        var search = await CallAsync(mcp, "search", new() { ["query"] = "zebra walrus vault crossing", ["collection"] = caller == "other" ? "beta" : "alpha" });
        var ask = await CallAsync(mcp, "ask", new() { ["question"] = "When does it open?", ["collection"] = caller == "other" ? "beta" : "alpha" });
        var extract = await CallAsync(mcp, "extract", new() { ["documentId"] = host.AlphaId, ["schema"] = AccessHost.Schema });
        var foreign = await CallAsync(mcp, "search", new() { ["query"] = "vault", ["collection"] = caller == "other" ? "alpha" : "beta" });

        var ids = list.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.Equal(caller != "other", ids.Contains(host.AlphaId));
        Assert.Equal(caller is "other" or "admin", ids.Contains(host.BetaId));
        Assert.True(search.TryGetProperty("results", out _), search.GetRawText());
        Assert.True(ask.TryGetProperty("answer", out _), ask.GetRawText());
        if (caller == "other")
        {
            Assert.Equal("not_found", extract.GetProperty("error").GetProperty("code").GetString());
        }
        else
        {
            Assert.True(extract.TryGetProperty("data", out _), extract.GetRawText());
        }

        Assert.Equal(caller == "admin", !foreign.TryGetProperty("error", out _));
        foreach (var result in new[] { list, search, ask, extract, foreign })
        {
            AssertNoLeak(caller, result.GetRawText());
        }
    }

    private void AssertNoLeak(string caller, string text)
    {
        var (id, secret) = caller switch
        {
            "read" or "write" => (host.BetaId, "walrus"),
            "other" => (host.AlphaId, "zebra"),
            _ => (null, null),
        };
        if (id is not null)
        {
            // A 404 quotes the id the caller sent ("Document 'd_…' was not found"): an echo, not a leak.
            text = text.Replace($"'{id}'", "''", StringComparison.Ordinal).Replace($"\\u0027{id}\\u0027", "''", StringComparison.Ordinal);
            Assert.DoesNotContain(id, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret!, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<JsonElement> CallAsync(ModelContextProtocol.Client.McpClient mcp, string tool, Dictionary<string, object?> arguments)
    {
        var result = await mcp.CallToolAsync(tool, arguments);
        return JsonDocument.Parse(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Single().Text).RootElement.Clone();
    }

    private static async Task<string> NewKeyIdAsync(AccessHost host)
    {
        using var admin = host.Client("admin");
        var (_, body) = await PostJsonAsync(admin, "/v1/keys", new { name = "to revoke", scopes = new[] { "read" }, collections = new[] { "alpha" } });
        return body.GetProperty("id").GetString()!;
    }

    private static MultipartFormDataContent UploadWithSchema()
    {
        var form = Upload([(Encoding.UTF8.GetBytes("Extraction probe: the crossing opens at ten. " + Guid.NewGuid().ToString("N")), "probe.txt")]);
        form.Add(new StringContent(AccessHost.Schema), "schema");
        return form;
    }

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> Json(string path, object body) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });

    private static Dictionary<string, HttpStatusCode> Earns(HttpStatusCode read, HttpStatusCode write, HttpStatusCode other, HttpStatusCode admin) =>
        new() { ["read"] = read, ["write"] = write, ["other"] = other, ["admin"] = admin };
}
