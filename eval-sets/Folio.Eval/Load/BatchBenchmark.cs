using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Folio.Eval.Retrieval;

namespace Folio.Eval.Load;

/// <summary>
/// <c>batch-bench</c>, against a running Folio over HTTP: the same extractive extractions (one per generated invoice)
/// sent one by one over HTTP and then as one batch, in documents/s; and online <c>/v1/search</c> latency idle
/// against while a batch of extractions runs, in the same run.
/// </summary>
internal static class BatchBenchmark
{
    private const string Schema = """
        {"type":"object","properties":{
          "invoice_number":{"type":["string","null"],"description":"The invoice number as printed."},
          "issue_date":{"type":["string","null"],"format":"date","description":"Invoice date, YYYY-MM-DD."},
          "total":{"type":["number","null"],"description":"Amount due, including tax."},
          "currency":{"type":["string","null"],"description":"Currency as ISO 4217 code."},
          "iban":{"type":["string","null"],"description":"IBAN of the seller, without spaces."}}}
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = Arguments.Option(args, "--url") ?? "http://localhost:5080";
        var documents = int.Parse(Arguments.Option(args, "--docs") ?? "100", CultureInfo.InvariantCulture);
        var clients = int.Parse(Arguments.Option(args, "--clients") ?? "4", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arguments.Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var load = ReportFile.LoadAverage();
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var run = "batch-bench-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var schema = JsonDocument.Parse(Schema).RootElement;

        var ids = await SeedInvoicesAsync(client, run + "-invoices", documents);
        var search = new LoadRun(client, QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", "xquad_en")), run + "-search");
        await search.SeedAsync(240, CancellationToken.None);
        foreach (var id in ids.Take(5))
        {
            await ExtractAsync(client, id, schema);
        }

        var clock = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            await ExtractAsync(client, id, schema);
        }

        var oneByOne = clock.Elapsed;
        Console.WriteLine($"one by one: {documents} in {oneByOne.TotalSeconds:F1} s");
        var (batchTime, batchStatus) = await RunBatchAsync(client, ids, schema, 1);
        Console.WriteLine($"batch: {documents} in {batchTime.TotalSeconds:F1} s ({batchStatus})");

        var idle = await search.RunAsync(clients, writers: 0, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        Console.WriteLine("idle:  " + idle.Summary());
        // A batch long enough to outlast the measurement; cancelled once it is taken.
        var busy = await CreateBatchAsync(client, ids, schema, repeat: 50);
        await WaitAsync(client, busy, b => b.GetProperty("status").GetString() == "in_progress");
        var before = Completed(await GetAsync(client, busy));
        var loaded = await search.RunAsync(clients, writers: 0, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        var during = Completed(await GetAsync(client, busy)) - before;
        Console.WriteLine($"batch: {loaded.Summary()}; {during} batch lines done meanwhile");
        using (await client.PostAsync(new Uri($"/v1/batches/{busy}/cancel", UriKind.Relative), null))
        {
        }

        var command = $"dotnet run -c Release --project eval-sets/Folio.Eval -- batch-bench {string.Join(' ', args)}".TrimEnd();
        ReportFile.WriteSection("BENCHMARKS.md", "Batches", $"""
            `{command}` against Folio started with the README's run command (embedded index, int8 embedder, extractive
            mode, `Batches:Concurrency` at its default: a quarter of the CPUs, at least 1) — {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} CPUs, load average
            {load} before the run, client and server on the same machine (shared machine: compare
            the ratios, not the absolute times). Documents: {documents} generated invoices (one page of text each), the
            same 5-field schema for each; the batch time runs from `POST /v1/batches` until the poll (every 100 ms) sees it end.

            | extractive extractions | documents | seconds | documents/s |
            |---|---|---|---|
            | one by one over HTTP (`POST /v1/extractions`, one client) | {documents} | {oneByOne.TotalSeconds:F1} | {documents / oneByOne.TotalSeconds:F1} |
            | one batch (`POST /v1/batches`, {batchStatus}) | {documents} | {batchTime.TotalSeconds:F1} | {documents / batchTime.TotalSeconds:F1} |

            Online search while a batch runs: {clients} clients searching 240 `xquad_en` paragraphs (hybrid, vector,
            keyword in turn, topK 10) for {seconds} s each, idle and then beside a running extraction batch ({during} of its lines done meanwhile).

            | phase | searches/s | p50 ms | p99 ms | 5xx |
            |---|---|---|---|---|
            | idle | {idle.Searches / idle.Elapsed.TotalSeconds:F0} | {idle.SearchPercentile(50):F1} | {idle.SearchPercentile(99):F1} | {idle.ServerErrors} |
            | while a batch runs | {loaded.Searches / loaded.Elapsed.TotalSeconds:F0} | {loaded.SearchPercentile(50):F1} | {loaded.SearchPercentile(99):F1} | {loaded.ServerErrors} |

            Batch against one by one: ×{oneByOne.TotalSeconds / batchTime.TotalSeconds:F2} documents/s. Search p99 while a batch runs against idle: ×{loaded.SearchPercentile(99) / idle.SearchPercentile(99):F2}.
            """);
        return idle.ServerErrors + loaded.ServerErrors == 0 && batchStatus == "completed" ? 0 : 1;
    }

    private static async Task<IReadOnlyList<string>> SeedInvoicesAsync(HttpClient client, string collection, int count)
    {
        var ids = new List<string>();
        foreach (var chunk in Enumerable.Range(0, count).Chunk(25))
        {
            using var form = new MultipartFormDataContent { { new StringContent(collection), "collection" } };
            foreach (var i in chunk)
            {
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Invoice(i))), "file", $"invoice-{i}.txt");
            }

            using var response = await client.PostAsync(new Uri("/v1/documents?wait=true", UriKind.Relative), form);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"seeding failed: {(int)response.StatusCode} {body}");
            }

            ids.AddRange(body.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!));
        }

        return ids;
    }

    private static async Task ExtractAsync(HttpClient client, string id, JsonElement schema)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/v1/extractions", UriKind.Relative), new { documentId = id, schema });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"extraction failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<(TimeSpan Elapsed, string Status)> RunBatchAsync(HttpClient client, IReadOnlyList<string> ids, JsonElement schema, int repeat)
    {
        var file = await UploadAsync(client, ids, schema, repeat);
        var clock = Stopwatch.StartNew();
        var id = await CreateAsync(client, file);
        var batch = await WaitAsync(client, id, b => b.GetProperty("status").GetString() is "completed" or "failed" or "expired" or "cancelled");
        return (clock.Elapsed, batch.GetProperty("status").GetString()!);
    }

    private static async Task<string> CreateBatchAsync(HttpClient client, IReadOnlyList<string> ids, JsonElement schema, int repeat) =>
        await CreateAsync(client, await UploadAsync(client, ids, schema, repeat));

    private static async Task<string> UploadAsync(HttpClient client, IReadOnlyList<string> ids, JsonElement schema, int repeat)
    {
        var lines = Enumerable.Range(0, ids.Count * repeat).Select(i =>
            JsonSerializer.Serialize(new { custom_id = $"x-{i}", method = "POST", url = "/v1/extractions", body = new { documentId = ids[i % ids.Count], schema } }));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\n", lines))), "file", "extractions.jsonl" },
        };
        using var response = await client.PostAsync(new Uri("/v1/files", UriKind.Relative), form);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> CreateAsync(HttpClient client, string file)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/v1/batches", UriKind.Relative),
            new Dictionary<string, string> { ["input_file_id"] = file, ["endpoint"] = "/v1/extractions", ["completion_window"] = "24h" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.StatusCode == HttpStatusCode.OK ? body.GetProperty("id").GetString()! : throw new InvalidOperationException($"batch refused: {body}");
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri($"/v1/batches/{id}", UriKind.Relative));

    private static async Task<JsonElement> WaitAsync(HttpClient client, string id, Func<JsonElement, bool> done)
    {
        while (true)
        {
            var batch = await GetAsync(client, id);
            if (done(batch))
            {
                return batch;
            }

            await Task.Delay(100);
        }
    }

    private static int Completed(JsonElement batch) => batch.GetProperty("request_counts").GetProperty("completed").GetInt32();

    /// <summary>A generated one-page invoice, different for each <paramref name="seed"/>.</summary>
    private static string Invoice(int seed) => $"""
        Lieferant {seed} GmbH
        Lieferantenstraße {seed % 90 + 1}, 80333 München
        billing{seed}@lieferant.example

        Rechnung
        Rechnungsnummer: R-2024-{seed:00000}
        Rechnungsdatum: {1 + seed % 28:00}.03.2024

        Pos | Artikel | Betrag
        1 | Ventile Serie {seed} | {100 + seed},50
        2 | Dichtungen | 12,00

        Zahlbetrag: {112 + seed},50 EUR

        Bankverbindung: IBAN DE89 3704 0044 0532 0130 00
        """;
}
