using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Folio.Api.Tests.Features.Parsing;

public sealed class ParseDocumentTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    private static MultipartFormDataContent Upload(byte[] bytes, string fileName)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return content;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpContent content, string query = "")
    {
        using var client = factory.CreateClient();
        var response = await client.PostAsync(new Uri("/v1/parse" + query, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task Text_file_comes_back_as_located_blocks()
    {
        using var content = Upload(Encoding.UTF8.GetBytes("First paragraph\nstill first.\n\nSecond paragraph."), "notes.txt");

        var (status, body) = await PostAsync(content);

        Assert.Equal(HttpStatusCode.OK, status);
        var text = body.GetProperty("text").GetString()!;
        var blocks = body.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(2, blocks.Count);
        foreach (var block in blocks)
        {
            var start = block.GetProperty("start").GetInt32();
            var end = block.GetProperty("end").GetInt32();
            Assert.Equal(block.GetProperty("text").GetString(), text[start..end]);
            Assert.Equal("paragraph", block.GetProperty("kind").GetString());
        }
    }

    [Fact]
    public async Task Markdown_format_returns_markdown()
    {
        using var content = Upload(Encoding.UTF8.GetBytes("Hello world."), "a.txt");
        using var client = factory.CreateClient();

        var response = await client.PostAsync(new Uri("/v1/parse?format=markdown", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Hello world.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<byte[], string, HttpStatusCode, string> BadFiles => new()
    {
        { [], "empty.txt", HttpStatusCode.UnprocessableEntity, "document_empty" },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], "old.doc", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { Encoding.ASCII.GetBytes("{\\rtf1 hello}"), "a.rtf", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { [0x00, 0x01, 0x02, 0x03, 0x00, 0xFF], "blob.bin", HttpStatusCode.UnsupportedMediaType, "unsupported_document_type" },
        { Encoding.ASCII.GetBytes("PK\u0003\u0004 not really a zip"), "broken.docx", HttpStatusCode.UnprocessableEntity, "document_unreadable" },
        { Encoding.ASCII.GetBytes("   \n\n  \t "), "blank.txt", HttpStatusCode.UnprocessableEntity, "document_empty" },
        { new byte[1024 * 1024 + 1], "huge.txt", HttpStatusCode.RequestEntityTooLarge, "document_too_large" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_files_are_problems_with_stable_codes(byte[] bytes, string fileName, HttpStatusCode expected, string errorCode)
    {
        using var content = Upload(bytes, fileName);

        var (status, body) = await PostAsync(content);

        Assert.Equal(expected, status);
        Assert.Equal(errorCode, body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Missing_file_field_is_validation_failed()
    {
        using var content = new MultipartFormDataContent { { new StringContent("x"), "other" } };

        var (status, body) = await PostAsync(content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Non_multipart_body_is_unsupported_media_type()
    {
        using var content = new StringContent("just text", Encoding.UTF8, "text/plain");

        var (status, body) = await PostAsync(content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("unsupported_media_type", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Malformed_multipart_is_validation_failed_not_a_500()
    {
        var headers = string.Concat(Enumerable.Range(0, 20).Select(i => $"X-Header-{i}: {i}\r\n"));
        var body = $"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n{headers}\r\nhello\r\n--b--\r\n";
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        var (status, response) = await PostAsync(content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", response.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Unknown_format_is_validation_failed()
    {
        using var content = Upload(Encoding.UTF8.GetBytes("Hello"), "a.txt");

        var (status, body) = await PostAsync(content, "?format=xml");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
    }
}
