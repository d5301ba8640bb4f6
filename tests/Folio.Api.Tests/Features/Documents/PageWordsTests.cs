using System.Net;
using System.Text;
using System.Text.Json;
using Folio.Api.Tests.Features.Review;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Documents;

/// <summary><c>GET /v1/documents/{id}/pages/{page}/words</c>: a PDF page's word boxes, in text order, paged.</summary>
public sealed class PageWordsTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    private async Task<string> UploadAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var (status, upload) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(bytes, fileName)], "words"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", upload.GetProperty("documents")[0].GetProperty("status").GetString());
        return upload.GetProperty("documents")[0].GetProperty("id").GetString()!;
    }

    private static async Task<List<(int Start, int End, double[] Box)>> AllWordsAsync(HttpClient client, string id, int page, int limit)
    {
        var words = new List<(int, int, double[])>();
        string? cursor = null;
        do
        {
            var (status, body) = await SendAsync(client, HttpMethod.Get,
                $"/v1/documents/{id}/pages/{page}/words?limit={limit}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            var batch = body.GetProperty("words").EnumerateArray().ToList();
            Assert.InRange(batch.Count, 0, limit);
            words.AddRange(batch.Select(w => (w.GetProperty("start").GetInt32(), w.GetProperty("end").GetInt32(),
                w.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray())));
            cursor = body.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return words;
    }

    [Fact]
    public async Task Each_page_answers_its_own_words_in_text_order_inside_the_page()
    {
        using var client = factory.CreateClient();
        var id = await UploadAsync(client, ReviewPdf.Invoice(), "invoice.pdf");
        var (_, content) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/content");
        var text = content.GetProperty("text").GetString()!;
        var sizes = content.GetProperty("pageSizes").EnumerateArray().ToDictionary(s => s.GetProperty("page").GetInt32(), s => (W: s.GetProperty("width").GetDouble(), H: s.GetProperty("height").GetDouble()));

        var pages = new List<List<(int Start, int End, double[] Box)>>();
        for (var page = 1; page <= 3; page++)
        {
            var words = await AllWordsAsync(client, id, page, 5000);
            Assert.NotEmpty(words);
            Assert.All(words, w =>
            {
                Assert.True(w.Start < w.End && w.End <= text.Length);
                Assert.False(string.IsNullOrWhiteSpace(text[w.Start..w.End]));
                Assert.InRange(w.Box[0], 0, w.Box[2]);
                Assert.InRange(w.Box[2], w.Box[0], sizes[page].W);
                Assert.InRange(w.Box[1], 0, w.Box[3]);
                Assert.InRange(w.Box[3], w.Box[1], sizes[page].H);
            });
            Assert.Equal(words.OrderBy(w => w.Start).Select(w => w.Start), words.Select(w => w.Start));
            pages.Add(words);
        }

        string Words(int page) => string.Join(' ', pages[page - 1].Select(w => text[w.Start..w.End]));
        Assert.Contains(ReviewPdf.InvoiceNumber, Words(2), StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewPdf.InvoiceNumber, Words(1) + Words(3), StringComparison.Ordinal);
        Assert.Contains("Closing", Words(3), StringComparison.Ordinal);
        // Pages follow each other in the text: no word is on two pages.
        Assert.True(pages[0][^1].End <= pages[1][0].Start && pages[1][^1].End <= pages[2][0].Start);
    }

    [Fact]
    public async Task Words_come_a_page_at_a_time_following_their_cursors()
    {
        using var client = factory.CreateClient();
        var id = await UploadAsync(client, ReviewPdf.Invoice(), "invoice.pdf");

        var whole = await AllWordsAsync(client, id, 2, 5000);
        var paged = await AllWordsAsync(client, id, 2, 3);

        Assert.True(whole.Count > 6, $"page 2 should take several requests of 3; it has {whole.Count} words");
        Assert.Equal(whole.Select(w => (w.Start, w.End)), paged.Select(w => (w.Start, w.End)));
    }

    [Fact]
    public async Task Documents_without_boxes_answer_no_words()
    {
        using var client = factory.CreateClient();
        var id = await UploadAsync(client, Encoding.UTF8.GetBytes("A plain text note.\n\nIt has no boxes."), "note.txt");

        var (status, body) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/pages/1/words");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body.GetProperty("words").EnumerateArray());
    }

    [Theory]
    [InlineData("/pages/0/words", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("/pages/1/words?limit=0", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("/pages/1/words?limit=5001", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("/pages/1/words?cursor=Y2h1bms6Mw%3D%3D", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("/pages/4/words", HttpStatusCode.NotFound, "not_found")]
    public async Task Bad_requests_are_problems(string path, HttpStatusCode expected, string errorCode)
    {
        using var client = factory.CreateClient();
        var id = await UploadAsync(client, ReviewPdf.Invoice(), "invoice.pdf");

        var (status, body) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}{path}");

        Assert.Equal(expected, status);
        Assert.Equal(errorCode, body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task An_unknown_document_is_not_found()
    {
        using var client = factory.CreateClient();

        var (status, body) = await SendAsync(client, HttpMethod.Get, "/v1/documents/d_0123456789abcdef0123/pages/1/words");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not_found", body.GetProperty("errorCode").GetString());
    }
}
