using System.Net;
using System.Text;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Parsing;

/// <summary>A small file whose table pads to a huge grid: refused with its code, and the service keeps answering.</summary>
public sealed class ParseAmplificationTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    /// <summary>One row of 16,384 fields, then 2,000 one-field rows: 36 KB that made 98 MB of Markdown.</summary>
    private static byte[] RaggedCsv() =>
        Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Repeat("a", 16_384)) + "\n" + string.Concat(Enumerable.Repeat("b\n", 2_000)));

    [Theory]
    [InlineData("?format=markdown")]
    [InlineData("")]
    public async Task A_ragged_csv_is_document_too_large_and_the_service_still_answers(string query)
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/parse" + query, Upload([(RaggedCsv(), "ragged.csv")]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("document_too_large", body.GetProperty("errorCode").GetString());
        var (after, parsed) = await SendAsync(client, HttpMethod.Post, "/v1/parse", Upload([(Encoding.UTF8.GetBytes("a,b\n1,2\n"), "fine.csv")]));
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal("a | b\n1 | 2", parsed.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_ragged_upload_fails_with_its_code()
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(RaggedCsv(), "ragged-upload.csv")], "ragged"));

        Assert.Equal(HttpStatusCode.OK, status);
        var document = body.GetProperty("documents")[0];
        Assert.Equal("failed", document.GetProperty("status").GetString());
        var (_, record) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{document.GetProperty("id").GetString()}");
        Assert.Equal("document_too_large", record.GetProperty("error").GetProperty("code").GetString());
    }
}
