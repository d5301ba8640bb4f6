using System.Net;
using System.Text.Json;
using static Folio.Api.Tests.ApiClient;
using static Folio.Api.Tests.Features.Batches.BatchApi;

namespace Folio.Api.Tests.Features.Batches;

/// <summary>
/// Acceptance 1: 200-line JSONL files of extractions, questions and searches over ingested documents, end to end
/// over HTTP: every custom_id exactly once, the output file holding what the route answers for the same request,
/// the error file holding the lines the route refuses (with its ProblemDetails).
/// </summary>
public sealed class BatchEndToEndTests(BatchHost host) : IClassFixture<BatchHost>
{
    private const string MissingDocument = "d_00000000000000000000";

    [Fact]
    public async Task Two_hundred_extractions_give_each_invoice_its_values_and_missing_documents_their_404()
    {
        using var client = host.Factory.CreateClient();
        var schema = JsonDocument.Parse(Schema).RootElement;
        // Every 40th line names a document that does not exist: the route answers 404, so does its line.
        var lines = Enumerable.Range(0, 200).Select(i => Line($"x-{i}", "/v1/extractions",
            new { documentId = i % 40 == 39 ? MissingDocument : host.InvoiceIds[i % 10], schema })).ToList();

        var batch = await RunAsync(client, lines, "/v1/extractions");

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((200, 195, 5), Counts(batch));
        var output = await LinesAsync(client, batch, "output_file_id");
        var errors = await LinesAsync(client, batch, "error_file_id");
        AssertEachCustomIdOnce(lines.Count, output.Concat(errors));
        foreach (var line in output)
        {
            var i = int.Parse(line.GetProperty("custom_id").GetString()!["x-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var response = line.GetProperty("response");
            Assert.Equal(200, response.GetProperty("status_code").GetInt32());
            Assert.StartsWith("req_", response.GetProperty("request_id").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
            var data = response.GetProperty("body").GetProperty("data");
            Assert.Equal(InvoiceNumber(i % 10), data.GetProperty("invoice_number").GetString());
            Assert.Equal(100 + (i % 10) + 0.5m, data.GetProperty("total").GetDecimal());
            Assert.Equal(host.InvoiceIds[i % 10], response.GetProperty("body").GetProperty("fields").GetProperty("/invoice_number").GetProperty("evidence")[0].GetProperty("documentId").GetString());
        }

        Assert.All(errors, line =>
        {
            Assert.Equal(39, int.Parse(line.GetProperty("custom_id").GetString()!["x-".Length..], System.Globalization.CultureInfo.InvariantCulture) % 40);
            Assert.Equal(404, line.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("not_found", line.GetProperty("response").GetProperty("body").GetProperty("errorCode").GetString());
        });
    }

    [Fact]
    public async Task Two_hundred_questions_answer_as_the_route_does()
    {
        using var client = host.Factory.CreateClient();
        var requests = Enumerable.Range(0, 200).Select(i => (object)new { question = $"What is the amount due of invoice {InvoiceNumber(i % 10)}?", collection = BatchHost.Collection, topK = 1 + (i % 3) }).ToList();
        await AssertSameAsRouteAsync(client, "/v1/ask", requests);
    }

    [Fact]
    public async Task Two_hundred_searches_find_what_the_route_finds()
    {
        using var client = host.Factory.CreateClient();
        var requests = Enumerable.Range(0, 200).Select(i => (object)new { query = $"Rechnungsnummer {InvoiceNumber(i % 10)} Ventile Serie {i % 10}", collection = BatchHost.Collection, topK = 1 + (i % 5) }).ToList();
        await AssertSameAsRouteAsync(client, "/v1/search", requests);
    }

    [Fact]
    public async Task Two_hundred_embeddings_equal_the_routes()
    {
        using var client = host.Factory.CreateClient();
        var (_, models) = await SendAsync(client, HttpMethod.Get, "/v1/models");
        var model = models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Single(id => !id.StartsWith("folio", StringComparison.Ordinal));
        var requests = Enumerable.Range(0, 200).Select(i => (object)new { model, input = new[] { $"Ventile Serie {i}", InvoiceNumber(i % 10) } }).ToList();
        await AssertSameAsRouteAsync(client, "/v1/embeddings", requests);
    }

    [Fact]
    public async Task Two_hundred_chat_completions_answer_as_the_route_does()
    {
        using var client = host.Factory.CreateClient();
        const string Url = "/v1/chat/completions";
        var requests = Enumerable.Range(0, 200).Select(i => (object)new
        {
            model = $"folio:{BatchHost.Collection}",
            messages = new[] { new { role = "user", content = $"What is the amount due of invoice {InvoiceNumber(i % 10)}?" } },
        }).ToList();
        var lines = requests.Select((r, i) => Line($"c-{i}", Url, r)).ToList();

        var batch = await RunAsync(client, lines, Url);

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((200, 200, 0), Counts(batch));
        var output = await LinesAsync(client, batch, "output_file_id");
        AssertEachCustomIdOnce(requests.Count, output);
        foreach (var line in output.Where((_, n) => n % 20 == 0))
        {
            // A completion's id and time are its own; its message (text and citations) is the route's.
            var i = int.Parse(line.GetProperty("custom_id").GetString()!["c-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var (status, online) = await PostJsonAsync(client, Url, requests[i]);
            Assert.Equal(HttpStatusCode.OK, status);
            var message = line.GetProperty("response").GetProperty("body").GetProperty("choices")[0].GetProperty("message");
            Assert.Equal(online.GetProperty("choices")[0].GetProperty("message").ToString(), message.ToString());
            Assert.Contains("[1]", message.GetProperty("content").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Files_and_batches_are_listed_newest_first_with_cursor_paging()
    {
        using var client = host.Factory.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var file = await UploadAsync(client, [Line("a", "/v1/search", new { query = "Ventile", collection = BatchHost.Collection })]);
            ids.Add((await CreateAsync(client, file, "/v1/search", metadata: new { run = $"{i}" })).GetProperty("id").GetString()!);
        }

        var (_, first) = await SendAsync(client, HttpMethod.Get, "/v1/batches?limit=2");
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var (_, second) = await SendAsync(client, HttpMethod.Get, $"/v1/batches?limit=2&after={first.GetProperty("last_id").GetString()}");
        var listed = first.GetProperty("data").EnumerateArray().Concat(second.GetProperty("data").EnumerateArray()).Select(b => b.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids[2], listed[0]);
        Assert.Equal(ids[1], listed[1]);
        Assert.Equal(ids[0], listed[2]);
        Assert.Equal("2", first.GetProperty("data")[0].GetProperty("metadata").GetProperty("run").GetString());

        var (status, files) = await SendAsync(client, HttpMethod.Get, "/v1/files?purpose=batch&limit=1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("file", files.GetProperty("data")[0].GetProperty("object").GetString());
        Assert.True(files.GetProperty("has_more").GetBoolean());
        var fileId = files.GetProperty("data")[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Delete, $"/v1/files/{fileId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, $"/v1/files/{fileId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, "/v1/batches/batch_nope")).Status);
    }

    internal static (int Total, int Completed, int Failed) Counts(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        return (counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32());
    }

    internal static void AssertEachCustomIdOnce(int expected, IEnumerable<JsonElement> lines)
    {
        var ids = lines.Select(l => l.GetProperty("custom_id").GetString()!).ToList();
        Assert.Equal(expected, ids.Count);
        Assert.Equal(expected, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<JsonElement> RunAsync(HttpClient client, IReadOnlyList<string> lines, string endpoint)
    {
        var file = await UploadAsync(client, lines);
        var created = await CreateAsync(client, file, endpoint);
        Assert.Equal("batch", created.GetProperty("object").GetString());
        Assert.Equal("validating", created.GetProperty("status").GetString());
        var batch = await WaitUntilEndedAsync(client, created.GetProperty("id").GetString()!);
        foreach (var time in new[] { "created_at", "in_progress_at", "finalizing_at", "completed_at" })
        {
            Assert.True(batch.GetProperty(time).GetInt64() >= created.GetProperty("created_at").GetInt64(), time);
        }

        return batch;
    }

    /// <summary>Runs the requests as a batch and one by one over the route: each line's body is the route's answer.</summary>
    private static async Task AssertSameAsRouteAsync(HttpClient client, string url, IReadOnlyList<object> requests)
    {
        var lines = requests.Select((r, i) => Line($"{url}-{i}", url, r)).ToList();
        var batch = await RunAsync(client, lines, url);

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((200, 200, 0), Counts(batch));
        var output = await LinesAsync(client, batch, "output_file_id");
        AssertEachCustomIdOnce(requests.Count, output);
        Assert.Empty(await LinesAsync(client, batch, "error_file_id"));
        foreach (var line in output)
        {
            var i = int.Parse(line.GetProperty("custom_id").GetString()![(url.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var (status, online) = await PostJsonAsync(client, url, requests[i]);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(online.ToString(), line.GetProperty("response").GetProperty("body").ToString());
        }
    }
}
