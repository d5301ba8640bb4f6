using System.Net;
using System.Text.Json;
using Folio.Retrieval.Documents;
using Microsoft.Extensions.DependencyInjection;
using static Folio.Api.Tests.ApiClient;
using static Folio.Api.Tests.Features.Batches.BatchApi;

namespace Folio.Api.Tests.Features.Batches;

/// <summary>
/// Acceptance 2 in process: cancel keeps finished lines, expiry writes the rest as errors, lines whose documents are
/// still ingesting wait instead of failing, and an invalid file fails the batch with line numbers before anything runs.
/// </summary>
public sealed class BatchLifecycleTests(BatchHost host) : IClassFixture<BatchHost>
{
    [Fact]
    public async Task Cancel_keeps_the_finished_lines_and_writes_the_rest_as_cancelled()
    {
        using var client = host.Factory.CreateClient();
        var (file, ready) = await MixedFileAsync(client, readyLines: 10, waitingLines: 10);
        var batch = await CreateAsync(client, file, "/v1/extractions");
        var id = batch.GetProperty("id").GetString()!;
        // The ready lines finish; the others wait for a document that stays queued, so the batch is still running.
        var running = await WaitAsync(client, id, b => BatchEndToEndTests.Counts(b).Completed == ready);
        Assert.Equal("in_progress", running.GetProperty("status").GetString());

        var (status, cancelling) = await SendAsync(client, HttpMethod.Post, $"/v1/batches/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(cancelling.GetProperty("status").GetString(), new[] { "cancelling", "cancelled" });
        var cancelled = await WaitUntilEndedAsync(client, id);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(cancelled.GetProperty("cancelled_at").GetInt64() >= cancelled.GetProperty("cancelling_at").GetInt64());
        Assert.Equal((20, 10, 10), BatchEndToEndTests.Counts(cancelled));
        await AssertKeptAsync(client, cancelled, "batch_cancelled");
        (status, var again) = await SendAsync(client, HttpMethod.Post, $"/v1/batches/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", again.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Expiry_keeps_the_finished_lines_and_writes_the_rest_as_expired()
    {
        using var client = host.Factory.CreateClient();
        var (file, _) = await MixedFileAsync(client, readyLines: 4, waitingLines: 6);
        var batch = await CreateAsync(client, file, "/v1/extractions", window: "8s");

        var expired = await WaitUntilEndedAsync(client, batch.GetProperty("id").GetString()!);

        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal((10, 4, 6), BatchEndToEndTests.Counts(expired));
        Assert.True(expired.GetProperty("expired_at").GetInt64() >= expired.GetProperty("expires_at").GetInt64());
        await AssertKeptAsync(client, expired, "batch_expired");
    }

    [Fact]
    public async Task A_cancel_of_a_finished_batch_is_a_conflict()
    {
        using var client = host.Factory.CreateClient();
        var file = await UploadAsync(client, [Line("only", "/v1/search", new { query = "Ventile", collection = BatchHost.Collection })]);
        var id = (await CreateAsync(client, file, "/v1/search")).GetProperty("id").GetString()!;
        Assert.Equal("completed", (await WaitUntilEndedAsync(client, id)).GetProperty("status").GetString());

        var (status, body) = await SendAsync(client, HttpMethod.Post, $"/v1/batches/{id}/cancel");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("batch_finished", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task An_invalid_file_fails_with_each_bad_line_numbered_and_nothing_run()
    {
        using var client = host.Factory.CreateClient();
        var ok = new { query = "Ventile", collection = BatchHost.Collection };
        string[] lines =
        [
            Line("a", "/v1/search", ok),
            """{"custom_id":"b","method":"POST","url":"/v1/search","body":{""",
            Line("a", "/v1/search", ok),
            JsonSerializer.Serialize(new { custom_id = "c", method = "GET", url = "/v1/search", body = ok }),
            Line("d", "/v1/parse", ok),
            Line("e", "/v1/ask", new { question = "What is due?" }),
            Line("f", "/v1/search", new { collection = BatchHost.Collection }),
            "",
            Line("g", "/v1/search", new { query = "Ventile", topK = 1000 }),
            JsonSerializer.Serialize(new { method = "POST", url = "/v1/search", body = ok }),
            Line("h", "/v1/search", new { query = "Ventile", topK = "many" }),
            Line("i", "/v1/search", ok),
        ];
        var file = await UploadAsync(client, lines);

        var failed = await WaitUntilEndedAsync(client, (await CreateAsync(client, file, "/v1/search")).GetProperty("id").GetString()!);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.True(failed.GetProperty("failed_at").GetInt64() > 0);
        Assert.False(failed.TryGetProperty("in_progress_at", out _));
        Assert.Equal((0, 0, 0), BatchEndToEndTests.Counts(failed));
        Assert.False(failed.TryGetProperty("output_file_id", out _));
        var errors = failed.GetProperty("errors").GetProperty("data").EnumerateArray()
            .Select(e => (Line: e.GetProperty("line").GetInt32(), Code: e.GetProperty("code").GetString())).ToList();
        Assert.Equal(
            [(2, "invalid_json_line"), (3, "duplicate_custom_id"), (4, "invalid_method"), (5, "invalid_url"), (6, "mismatched_url"), (7, "invalid_request"),
             (9, "invalid_request"), (10, "missing_required_parameter"), (11, "invalid_request")],
            errors);
        var message = failed.GetProperty("errors").GetProperty("data")[5].GetProperty("message").GetString();
        Assert.Contains("query", message, StringComparison.Ordinal);
        Assert.Contains("validation_failed", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_schema_and_streaming_are_refused_per_line()
    {
        using var client = host.Factory.CreateClient();
        var schema = JsonDocument.Parse(Schema).RootElement;
        var file = await UploadAsync(client,
        [
            Line("good", "/v1/extractions", new { documentId = host.InvoiceIds[0], schema }),
            Line("bad-schema", "/v1/extractions", new { documentId = host.InvoiceIds[0], schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"date"}}}""").RootElement }),
            Line("stream", "/v1/extractions", new { documentId = host.InvoiceIds[0], schema, stream = true }),
        ]);

        var failed = await WaitUntilEndedAsync(client, (await CreateAsync(client, file, "/v1/extractions")).GetProperty("id").GetString()!);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var errors = failed.GetProperty("errors").GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([2, 3], errors.Select(e => e.GetProperty("line").GetInt32()));
        Assert.Contains("invalid_schema", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("stream", errors[1].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_lines_and_bad_requests_are_refused()
    {
        using var client = host.Factory.CreateClient();
        var file = await UploadAsync(client, Enumerable.Range(0, 501).Select(i => Line($"l{i}", "/v1/search", new { query = "Ventile", collection = BatchHost.Collection })));
        var failed = await WaitUntilEndedAsync(client, (await CreateAsync(client, file, "/v1/search")).GetProperty("id").GetString()!);
        var error = Assert.Single(failed.GetProperty("errors").GetProperty("data").EnumerateArray().ToList());
        Assert.Equal(("too_many_lines", 501), (error.GetProperty("code").GetString(), error.GetProperty("line").GetInt32()));

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { input_file_id = file, endpoint = "/v1/parse", completion_window = "24h" }, "endpoint"),
            (new { input_file_id = file, endpoint = "/v1/search", completion_window = "soon" }, "completion_window"),
            (new { input_file_id = file, endpoint = "/v1/search", completion_window = "48h" }, "completion_window"),
            (new { input_file_id = file, endpoint = "/v1/search", completion_window = "24h", webhook_url = "http://example.com/hook" }, "webhook_url"),
            (new { input_file_id = file, endpoint = "/v1/search", completion_window = "24h", metadata = new { webhook_url = "http://10.1.2.3/hook" } }, "webhook_url"),
        })
        {
            var (status, problem) = await PostJsonAsync(client, "/v1/batches", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("validation_failed", problem.GetProperty("errorCode").GetString());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        var (missing, notFound) = await PostJsonAsync(client, "/v1/batches", new { input_file_id = "file-nope", endpoint = "/v1/search", completion_window = "24h" });
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("not_found", notFound.GetProperty("errorCode").GetString());

        using var form = new MultipartFormDataContent { { new StringContent("fine-tune"), "purpose" }, { new ByteArrayContent([1]), "file", "x.jsonl" } };
        var (refused, purpose) = await SendAsync(client, HttpMethod.Post, "/v1/files", form);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.True(purpose.GetProperty("errors").TryGetProperty("purpose", out _));
    }

    [Fact]
    public async Task A_line_waits_for_its_document_to_finish_ingesting()
    {
        using var client = host.Factory.CreateClient();
        var text = Invoice(77);
        var (status, upload) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(System.Text.Encoding.UTF8.GetBytes(text), "late.txt")], "late"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = upload.GetProperty("documents")[0].GetProperty("id").GetString()!;
        var file = await UploadAsync(client, [Line("late", "/v1/extractions", new { documentId = id, schema = JsonDocument.Parse(Schema).RootElement })]);

        var batch = await WaitUntilEndedAsync(client, (await CreateAsync(client, file, "/v1/extractions")).GetProperty("id").GetString()!);

        var line = Assert.Single(await LinesAsync(client, batch, "output_file_id"));
        Assert.Equal(InvoiceNumber(77), line.GetProperty("response").GetProperty("body").GetProperty("data").GetProperty("invoice_number").GetString());
    }

    /// <summary>A file of extraction lines: some over a ready invoice, some over a document that stays queued (due in an hour).</summary>
    private async Task<(string FileId, int Ready)> MixedFileAsync(HttpClient client, int readyLines, int waitingLines)
    {
        var store = host.Factory.Services.GetRequiredService<DocumentStore>();
        var (waiting, _) = await store.AddAsync("waiting", $"later-{Guid.NewGuid():N}.txt", "text/plain", Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), new Dictionary<string, string>());
        await store.RetryLaterAsync(waiting, TimeSpan.FromHours(1), new DocumentError("dependency_unavailable", "test"));
        var schema = JsonDocument.Parse(Schema).RootElement;
        var lines = Enumerable.Range(0, readyLines + waitingLines)
            .Select(i => Line($"m-{i}", "/v1/extractions", new { documentId = i < readyLines ? host.InvoiceIds[0] : waiting.Id, schema }))
            .ToList();
        return (await UploadAsync(client, lines), readyLines);
    }

    /// <summary>The finished lines are in the output file, the others in the error file with <paramref name="code"/>; every custom_id once.</summary>
    private static async Task AssertKeptAsync(HttpClient client, JsonElement batch, string code)
    {
        var output = await LinesAsync(client, batch, "output_file_id");
        var errors = await LinesAsync(client, batch, "error_file_id");
        var (total, completed, failed) = BatchEndToEndTests.Counts(batch);
        Assert.Equal(completed, output.Count);
        Assert.Equal(failed, errors.Count);
        BatchEndToEndTests.AssertEachCustomIdOnce(total, output.Concat(errors));
        Assert.All(output, l => Assert.Equal(InvoiceNumber(0), l.GetProperty("response").GetProperty("body").GetProperty("data").GetProperty("invoice_number").GetString()));
        Assert.All(errors, l =>
        {
            Assert.Equal(JsonValueKind.Null, l.GetProperty("response").ValueKind);
            Assert.Equal(code, l.GetProperty("error").GetProperty("code").GetString());
        });
    }
}
