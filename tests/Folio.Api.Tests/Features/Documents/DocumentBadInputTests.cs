using System.Net;
using System.Text;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Documents;

public sealed class DocumentBadInputTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    public static TheoryData<byte[], string, string?, HttpStatusCode, string> BadUploads => new()
    {
        { [], "empty.txt", null, HttpStatusCode.UnprocessableEntity, "document_empty" },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "old.xls", null, HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { new byte[1024 * 1024 + 10], "big.txt", null, HttpStatusCode.RequestEntityTooLarge, "document_too_large" },
        { Encoding.UTF8.GetBytes("fine"), "a.txt", "Bad Name!", HttpStatusCode.BadRequest, "validation_failed" },
        { Encoding.UTF8.GetBytes("fine"), "a.txt", new string('a', 65), HttpStatusCode.BadRequest, "validation_failed" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Bad_uploads_are_refused_and_store_nothing(byte[] bytes, string fileName, string? collection, HttpStatusCode expected, string errorCode)
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(bytes, fileName)], collection));

        Assert.Equal(expected, status);
        Assert.Equal(errorCode, body.GetProperty("errorCode").GetString());
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/documents?limit=500");
        Assert.DoesNotContain(list.GetProperty("documents").EnumerateArray(), d => d.GetProperty("fileName").GetString() == fileName);
    }

    [Fact]
    public async Task A_bad_file_in_a_batch_stores_none_of_the_batch()
    {
        using var client = factory.CreateClient();

        var (status, _) = await SendAsync(client, HttpMethod.Post, "/v1/documents",
            Upload([(Encoding.UTF8.GetBytes("good one"), "good-in-batch.txt"), ([], "empty-in-batch.txt")], "batch"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/documents?collection=batch");
        Assert.Equal(0, list.GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public async Task Bad_tags_are_validation_failed()
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes("x"), "t.txt")], null, "novalue"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task More_tags_than_a_document_may_carry_are_validation_failed()
    {
        using var client = factory.CreateClient();
        var tags = Enumerable.Range(0, 33).Select(i => $"k{i}=v").ToArray();

        var (over, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes("tagged"), "many-tags.txt")], "tag-cap", tags));
        var (atCap, _) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes("tagged"), "many-tags.txt")], "tag-cap", tags[..32]));

        Assert.Equal(HttpStatusCode.BadRequest, over);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty("tags", out _));
        Assert.Equal(HttpStatusCode.Accepted, atCap);
    }

    [Theory]
    [InlineData("/v1/documents/d_00000000000000000000")]
    [InlineData("/v1/documents/not-an-id")]
    [InlineData("/v1/documents/d_00000000000000000000/content")]
    [InlineData("/v1/documents/d_00000000000000000000/chunks")]
    [InlineData("/v1/documents/d_00000000000000000000/file")]
    [InlineData("/v1/documents/..%2F..%2Fetc%2Fpasswd/file")]
    public async Task Unknown_ids_are_not_found(string path)
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not_found", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Deleting_an_unknown_id_is_not_found()
    {
        using var client = factory.CreateClient();

        var (status, _) = await SendAsync(client, HttpMethod.Delete, "/v1/documents/d_00000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [InlineData("status=done")]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("cursor=bm9wZQ")]
    [InlineData("collection=UPPER")]
    public async Task Bad_list_queries_are_validation_failed(string query)
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Get, "/v1/documents?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
    }
}
