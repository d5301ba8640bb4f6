using System.Net;
using System.Text;
using System.Text.Json;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Documents;

/// <summary>Whole-document reads: chunks come a page at a time, content is streamed from storage with its offsets intact.</summary>
public sealed class DocumentPagingTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    private static byte[] LongReport() => Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Range(1, 40).Select(i =>
        $"Section {i}. " + string.Join(' ', Enumerable.Range(0, 120).Select(w => $"word{(i * 131) + w}")) + ".")));

    private async Task<string> ReadyDocumentAsync(HttpClient client)
    {
        var (status, upload) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(LongReport(), "long.txt")], "paging"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", upload.GetProperty("documents")[0].GetProperty("status").GetString());
        return upload.GetProperty("documents")[0].GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Chunk_pages_follow_their_cursors_to_every_chunk_once_in_order()
    {
        using var client = factory.CreateClient();
        var id = await ReadyDocumentAsync(client);
        var (_, document) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}");
        var total = document.GetProperty("chunks").GetInt32();
        Assert.True(total > 6, $"the fixture should make several pages, made {total} chunks");

        var indexes = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, page) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/chunks?limit=3" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, status);
            var chunks = page.GetProperty("chunks").EnumerateArray().ToList();
            Assert.InRange(chunks.Count, 1, 3);
            indexes.AddRange(chunks.Select(c => c.GetProperty("index").GetInt32()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, total), indexes);
        Assert.Equal((total + 2) / 3, pages);
    }

    [Fact]
    public async Task Streamed_content_keeps_its_offsets()
    {
        using var client = factory.CreateClient();
        var id = await ReadyDocumentAsync(client);

        var (status, content) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/content");
        var (_, chunks) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/chunks?limit=1000");

        Assert.Equal(HttpStatusCode.OK, status);
        var text = content.GetProperty("text").GetString()!;
        Assert.Equal("long.txt", content.GetProperty("fileName").GetString());
        Assert.All(content.GetProperty("blocks").EnumerateArray(), b =>
            Assert.Equal(b.GetProperty("text").GetString(), text[b.GetProperty("start").GetInt32()..b.GetProperty("end").GetInt32()]));
        Assert.All(chunks.GetProperty("chunks").EnumerateArray(), c =>
            Assert.Equal(c.GetProperty("text").GetString(), text[c.GetProperty("start").GetInt32()..c.GetProperty("end").GetInt32()]));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("cursor=bm9wZQ")]
    [InlineData("cursor=%25%25")]
    public async Task Bad_chunk_page_queries_are_validation_failed(string query)
    {
        using var client = factory.CreateClient();
        var id = await ReadyDocumentAsync(client);

        var (status, body) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/chunks?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
    }
}
