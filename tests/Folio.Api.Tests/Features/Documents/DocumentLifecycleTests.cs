using System.Net;
using System.Text;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Documents;

/// <summary>Upload → ready → read back → search → delete, through the real host and pipeline.</summary>
public sealed class DocumentLifecycleTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    private const string Manual = """
        Pump maintenance

        The centrifugal pump must be inspected every 500 operating hours. Check the mechanical seal for leaks.

        Bearing lubrication

        Grease the bearings with lithium complex grease every 2,000 hours. Do not over-grease the bearings.
        """;

    [Fact]
    public async Task Uploaded_document_becomes_ready_searchable_and_deletable()
    {
        using var client = factory.CreateClient();
        var bytes = Encoding.UTF8.GetBytes(Manual);

        var (status, upload) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(bytes, "pump.txt")], "manuals", "kind=manual"));

        Assert.Equal(HttpStatusCode.OK, status);
        var id = upload.GetProperty("documents")[0].GetProperty("id").GetString()!;
        Assert.Equal("ready", upload.GetProperty("documents")[0].GetProperty("status").GetString());

        var (_, document) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}");
        Assert.Equal("manuals", document.GetProperty("collection").GetString());
        Assert.Equal("manual", document.GetProperty("tags").GetProperty("kind").GetString());
        Assert.True(document.GetProperty("chunks").GetInt32() >= 1);

        var (_, content) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/content");
        var text = content.GetProperty("text").GetString()!;
        var (_, chunks) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/chunks");
        Assert.Equal(document.GetProperty("chunks").GetInt32(), chunks.GetProperty("chunks").GetArrayLength());

        var file = await client.GetByteArrayAsync(new Uri($"/v1/documents/{id}/file", UriKind.Relative));
        Assert.Equal(bytes, file);

        var (searchStatus, search) = await PostJsonAsync(client, "/v1/search", new { query = "how often to grease the bearings", collection = "manuals", topK = 3 });
        Assert.Equal(HttpStatusCode.OK, searchStatus);
        var top = search.GetProperty("results")[0];
        var evidence = top.GetProperty("evidence");
        Assert.Equal(id, evidence.GetProperty("documentId").GetString());
        var (start, end) = (evidence.GetProperty("start").GetInt32(), evidence.GetProperty("end").GetInt32());
        Assert.Equal(text[start..end], evidence.GetProperty("quote").GetString());
        Assert.Contains("Grease the bearings", evidence.GetProperty("quote").GetString(), StringComparison.Ordinal);

        var (deleteStatus, _) = await SendAsync(client, HttpMethod.Delete, $"/v1/documents/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleteStatus);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}")).Status);
        var (_, after) = await PostJsonAsync(client, "/v1/search", new { query = "grease bearings", collection = "manuals", mode = "keyword" });
        Assert.Equal(0, after.GetProperty("results").GetArrayLength());
        var (_, afterVector) = await PostJsonAsync(client, "/v1/search", new { query = "grease bearings", collection = "manuals", mode = "vector" });
        Assert.Equal(0, afterVector.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Same_bytes_in_a_collection_are_one_document_even_when_uploaded_concurrently()
    {
        using var client = factory.CreateClient();
        var bytes = Encoding.UTF8.GetBytes("A unique note about concurrency " + Guid.NewGuid());

        var uploads = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(bytes, "same.txt")], "dupes"))));

        Assert.All(uploads, u => Assert.Equal(HttpStatusCode.Accepted, u.Status));
        var ids = uploads.Select(u => u.Body.GetProperty("documents")[0].GetProperty("id").GetString()).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(5, uploads.Count(u => u.Body.GetProperty("documents")[0].GetProperty("existing").GetBoolean()));
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/documents?collection=dupes");
        Assert.Equal(1, list.GetProperty("documents").GetArrayLength());
        var settled = await WaitUntilSettledAsync(client, ids[0]!, TimeSpan.FromMinutes(1));
        Assert.Equal("ready", settled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_damaged_pdf_fails_at_once_with_the_parser_error_and_leaves_nothing_indexed()
    {
        using var client = factory.CreateClient();
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage garbage\n%%EOF");

        var (status, upload) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(bytes, "broken.pdf")], "broken"));

        Assert.Equal(HttpStatusCode.OK, status);
        var id = upload.GetProperty("documents")[0].GetProperty("id").GetString()!;
        var (_, document) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}");
        Assert.Equal("failed", document.GetProperty("status").GetString());
        Assert.Equal(0, document.GetProperty("progress").GetProperty("attempts").GetInt32());
        Assert.StartsWith("document_", document.GetProperty("error").GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_pages_with_a_cursor_and_filters_by_tag()
    {
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes($"Listed note {i}"), $"n{i}.txt")], "listing", $"n={i}"));
        }

        var (_, first) = await SendAsync(client, HttpMethod.Get, "/v1/documents?collection=listing&limit=2");
        var cursor = first.GetProperty("nextCursor").GetString();
        var (_, second) = await SendAsync(client, HttpMethod.Get, $"/v1/documents?collection=listing&limit=2&cursor={Uri.EscapeDataString(cursor!)}");
        var (_, tagged) = await SendAsync(client, HttpMethod.Get, "/v1/documents?collection=listing&tag=n%3D1");

        Assert.Equal(2, first.GetProperty("documents").GetArrayLength());
        Assert.Equal(1, second.GetProperty("documents").GetArrayLength());
        Assert.False(second.TryGetProperty("nextCursor", out _));
        Assert.Equal("n1.txt", Assert.Single(tagged.GetProperty("documents").EnumerateArray()).GetProperty("fileName").GetString());
    }
}
