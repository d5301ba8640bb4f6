using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Access;

/// <summary>The audit log: who (key id, never the key) did what to which document and collection, readable by admins a page at a time.</summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly FolioApiFactory _factory = new();

    [Fact]
    public async Task Uploads_questions_extractions_deletes_and_keys_are_recorded_by_key_id()
    {
        using var host = _factory.WithWebHostBuilder(builder => builder.UseSetting("Auth:AdminKey", AccessHost.AdminKey));
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessHost.AdminKey);
        var (_, created) = await PostJsonAsync(admin, "/v1/keys", new { name = "writer", scopes = new[] { "write" }, collections = new[] { "alpha" } });
        var keyId = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("key").GetString()!;
        using var writer = host.CreateClient();
        writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var (_, uploaded) = await SendAsync(writer, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes(AccessHost.AlphaText), "a.txt")]));
        var documentId = uploaded.GetProperty("documents")[0].GetProperty("id").GetString()!;
        var (asked, _) = await PostJsonAsync(writer, "/v1/ask", new { question = "When does the crossing open?" });
        var (extracted, _) = await PostJsonAsync(writer, "/v1/extractions", new { documentId, schema = JsonDocument.Parse(AccessHost.Schema).RootElement });
        var (deleted, _) = await SendAsync(writer, HttpMethod.Delete, $"/v1/documents/{documentId}");
        var (revoked, _) = await SendAsync(admin, HttpMethod.Delete, $"/v1/keys/{keyId}");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NoContent], [asked, extracted, deleted, revoked]);

        var entries = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, page) = await SendAsync(admin, HttpMethod.Get, "/v1/audit?limit=2" + (cursor is null ? string.Empty : $"&cursor={cursor}"));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.DoesNotContain(secret, page.GetRawText(), StringComparison.Ordinal);
            entries.AddRange(page.GetProperty("entries").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.True(pages >= 3);
        var actions = entries.Select(e => (e.GetProperty("keyId").GetString(), e.GetProperty("action").GetString(),
            e.TryGetProperty("collection", out var c) ? c.GetString() : null, e.TryGetProperty("documentId", out var d) ? d.GetString() : null,
            e.TryGetProperty("target", out var t) ? t.GetString() : null)).ToList();
        Assert.Equal(
        [
            ("admin", "key.create", null, null, keyId),
            (keyId, "document.upload", "alpha", documentId, null),
            (keyId, "ask", "alpha", null, null),
            (keyId, "extraction", "alpha", documentId, null),
            (keyId, "document.delete", "alpha", documentId, null),
            ("admin", "key.revoke", null, null, keyId),
        ], actions);

        // Only admins read it.
        using var reader = host.CreateClient();
        var (_, readerKey) = await PostJsonAsync(admin, "/v1/keys", new { name = "reader", scopes = new[] { "read" }, collections = new[] { "*" } });
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readerKey.GetProperty("key").GetString());
        var (forbidden, _) = await SendAsync(reader, HttpMethod.Get, "/v1/audit");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
    }

    [Fact]
    public async Task Questions_and_extractions_over_mcp_are_recorded_by_key_id()
    {
        using var host = _factory.WithWebHostBuilder(builder => builder.UseSetting("Auth:AdminKey", AccessHost.AdminKey));
        using var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessHost.AdminKey);
        var (_, created) = await PostJsonAsync(admin, "/v1/keys", new { name = "agent", scopes = new[] { "read" }, collections = new[] { "alpha" } });
        var keyId = created.GetProperty("id").GetString()!;
        using var agent = host.CreateClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());
        await using var mcp = await ModelContextProtocol.Client.McpClient.CreateAsync(new ModelContextProtocol.Client.HttpClientTransport(
            new() { Endpoint = new Uri(agent.BaseAddress!, "/mcp"), TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp }, agent, ownsHttpClient: false));

        await mcp.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "Anything?", ["collection"] = "alpha" });
        await mcp.CallToolAsync("extract", new Dictionary<string, object?> { ["documentId"] = "d_00000000000000000000", ["schema"] = AccessHost.Schema });
        await mcp.CallToolAsync("list_documents", new Dictionary<string, object?>());

        var (_, page) = await SendAsync(admin, HttpMethod.Get, "/v1/audit");
        var entries = page.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("keyId").GetString() == keyId)
            .Select(e => (e.GetProperty("action").GetString(), e.TryGetProperty("collection", out var c) ? c.GetString() : null,
                e.TryGetProperty("documentId", out var d) ? d.GetString() : null))
            .ToList();
        Assert.Equal([("ask", "alpha", null), ("extraction", null, "d_00000000000000000000")], entries);
    }

    public void Dispose() => _factory.Dispose();
}
