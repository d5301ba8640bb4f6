using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Documents;

/// <summary>Upload limits: the total per request, and form fields checked before the files that follow them are read.</summary>
public sealed class UploadLimitTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    /// <summary>A form with its text fields first, then the files, as a client that wants early refusal sends it.</summary>
    private static MultipartFormDataContent FieldsFirst(string? collection, string? tag, params (byte[] Bytes, string FileName)[] files)
    {
        var content = new MultipartFormDataContent();
        if (collection is not null)
        {
            content.Add(new StringContent(collection), "collection");
        }

        if (tag is not null)
        {
            content.Add(new StringContent(tag), "tags");
        }

        foreach (var (bytes, fileName) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "file", fileName);
        }

        return content;
    }

    private static async Task AssertStillAnswersAsync(HttpClient client)
    {
        var (status, _) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes("still here"), "after.txt")], "after"));
        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    [Theory]
    [InlineData("legal\n")]
    [InlineData("legal\r\n")]
    public async Task A_collection_with_a_trailing_newline_is_refused(string collection)
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes("x"), "nl.txt")], collection));
        var (listStatus, _) = await SendAsync(client, HttpMethod.Get, "/v1/documents?collection=" + Uri.EscapeDataString(collection));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("collection", out _));
        Assert.Equal(HttpStatusCode.BadRequest, listStatus);
    }

    [Fact]
    public async Task A_tag_key_with_a_trailing_newline_is_refused()
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes("x"), "nl-tag.txt")], null, "client\n=acme"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("tags", out _));
    }

    [Theory]
    [InlineData("Bad Name!", null, "collection")]
    [InlineData(null, "novalue", "tags")]
    public async Task A_bad_field_before_the_files_is_refused_before_any_file_is_read(string? collection, string? tag, string field)
    {
        using var client = factory.CreateClient();

        // The file is over the per-file limit (1 MiB in tests): had it been read first, the answer would be 413.
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", FieldsFirst(collection, tag, (new byte[3 * 1024 * 1024], "huge.txt")));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
        await AssertStillAnswersAsync(client);
    }

    [Fact]
    public async Task A_bad_field_after_the_files_refuses_the_upload_and_leaves_no_file_behind()
    {
        using var client = factory.CreateClient();

        var (status, _) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes("kept?"), "late-field.txt")], "Bad Name!"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(factory.DataFolder, "uploads")));
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/documents?limit=500");
        Assert.DoesNotContain(list.GetProperty("documents").EnumerateArray(), d => d.GetProperty("fileName").GetString() == "late-field.txt");
    }

    [Fact]
    public async Task An_upload_over_the_total_limit_is_refused_though_each_file_is_within_its_own()
    {
        using var limited = new FolioApiFactory();
        using var small = limited.WithWebHostBuilder(b => b.UseSetting("Ingestion:MaxRequestBytes", (2L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var client = small.CreateClient();
        var files = Enumerable.Range(0, 3).Select(i => (Encoding.UTF8.GetBytes(new string((char)('a' + i), 1_000_000)), $"part{i}.txt")).ToArray();

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload(files, "total"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("document_too_large", body.GetProperty("errorCode").GetString());
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/documents?collection=total");
        Assert.Equal(0, list.GetProperty("documents").GetArrayLength());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(limited.DataFolder, "uploads")));
        await AssertStillAnswersAsync(client);
    }
}
