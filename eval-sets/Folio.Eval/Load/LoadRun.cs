using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Folio.Eval.Retrieval;

namespace Folio.Eval.Load;

/// <summary>
/// A bounded load against a running Folio over HTTP: searchers cycle through the three search modes
/// while writers upload documents (some of them broken on purpose) and delete some of them again,
/// often before they are ready. Used by the load test (which asserts no 5xx and that every upload
/// settles) and by <c>load-bench</c> (which records throughput and latency).
/// </summary>
internal sealed class LoadRun(HttpClient client, QaSet set, string collection)
{
    private static readonly string[] Modes = ["hybrid", "vector", "keyword"];

    /// <summary>Uploads the first <paramref name="documents"/> documents of the set and waits until they are ready.</summary>
    public async Task SeedAsync(int documents, CancellationToken cancellationToken)
    {
        foreach (var batch in set.Documents.Take(documents).Chunk(25))
        {
            using var form = UploadForm(batch.Select(d => d.AsFile()));
            using var response = await client.PostAsync(new Uri("/v1/documents?wait=true", UriKind.Relative), form, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"seeding failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="searchers"/> search loops and <paramref name="writers"/> upload/delete loops
    /// for <paramref name="duration"/>, then waits for the uploads still in flight to settle.
    /// </summary>
    public async Task<LoadReport> RunAsync(int searchers, int writers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var report = new LoadReport();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, searchers).Select(i => SearchLoopAsync(i, report, stop.Token))
            .Concat(Enumerable.Range(0, writers).Select(i => WriteLoopAsync(i, report, stop.Token)));
        await Task.WhenAll(loops);
        report.Elapsed = clock.Elapsed;
        await SettleUploadsAsync(report, cancellationToken);
        return report;
    }

    private async Task SearchLoopAsync(int searcher, LoadReport report, CancellationToken stop)
    {
        for (var i = searcher; !stop.IsCancellationRequested; i += 7)
        {
            var question = set.Questions[i % set.Questions.Count];
            var body = new { query = question.Text, collection, topK = 10, mode = Modes[i % Modes.Length] };
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.PostAsJsonAsync(new Uri("/v1/search", UriKind.Relative), body, CancellationToken.None);
                report.RecordSearch(response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
            catch (HttpRequestException e)
            {
                report.Failures.Add($"search: {e.Message}");
            }
        }
    }

    private async Task WriteLoopAsync(int writer, LoadReport report, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var source = set.Documents[(writer * 1000 + i) % set.Documents.Count];
            // Every fifth upload is a PDF that is not one: it must fail with its code, not hang or 500.
            var broken = i % 5 == 4;
            var file = broken
                ? (Encoding.ASCII.GetBytes($"%PDF-1.7\nbroken {writer}-{i}\n%%EOF"), $"broken-{writer}-{i}.pdf")
                : (Encoding.UTF8.GetBytes($"{source.Text}\n\nLoad upload {writer}-{i}."), $"load-{writer}-{i}.txt");
            try
            {
                using var form = UploadForm([file]);
                using var response = await client.PostAsync(new Uri("/v1/documents", UriKind.Relative), form, CancellationToken.None);
                report.Record(response.StatusCode);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    report.Failures.Add($"upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    continue;
                }

                var id = (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("documents")[0].GetProperty("id").GetString()!;
                // Every third document is deleted at once, usually while it is still being processed.
                if (i % 3 == 0)
                {
                    using var delete = await client.DeleteAsync(new Uri($"/v1/documents/{id}", UriKind.Relative), CancellationToken.None);
                    report.Record(delete.StatusCode);
                    report.Deleted.Add(id);
                }
                else
                {
                    report.Uploaded.Add(id);
                }
            }
            catch (HttpRequestException e)
            {
                report.Failures.Add($"write: {e.Message}");
            }
        }
    }

    private async Task SettleUploadsAsync(LoadReport report, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        foreach (var id in report.Uploaded)
        {
            while (true)
            {
                using var response = await client.GetAsync(new Uri($"/v1/documents/{id}", UriKind.Relative), cancellationToken);
                report.Record(response.StatusCode);
                var body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken) : default;
                var status = body.ValueKind == JsonValueKind.Object ? body.GetProperty("status").GetString() : null;
                if (status is "ready" or "failed")
                {
                    var code = status == "failed" && body.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;
                    report.Settled[id] = (status, code);
                    break;
                }

                if (DateTime.UtcNow > deadline || response.StatusCode != HttpStatusCode.OK)
                {
                    report.Settled[id] = (status ?? $"http {(int)response.StatusCode}", null);
                    break;
                }

                await Task.Delay(200, cancellationToken);
            }
        }

        foreach (var id in report.Deleted)
        {
            using var response = await client.GetAsync(new Uri($"/v1/documents/{id}", UriKind.Relative), cancellationToken);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                report.Failures.Add($"deleted {id} answers {(int)response.StatusCode}");
            }
        }
    }

    private MultipartFormDataContent UploadForm(IEnumerable<(byte[] Bytes, string FileName)> files)
    {
        // Fields first, so the server can check them before it stores any file.
        var form = new MultipartFormDataContent { { new StringContent(collection), "collection" } };
        foreach (var (bytes, fileName) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", fileName);
        }

        return form;
    }
}

/// <summary>What a <see cref="LoadRun"/> saw: status codes, search latencies, and how each upload ended.</summary>
internal sealed class LoadReport
{
    private readonly ConcurrentBag<double> _searchMilliseconds = [];

    public ConcurrentDictionary<int, int> StatusCounts { get; } = new();

    public ConcurrentBag<string> Uploaded { get; } = [];

    public ConcurrentBag<string> Deleted { get; } = [];

    public ConcurrentBag<string> Failures { get; } = [];

    /// <summary>Each kept upload's final status and, for a failed one, its error code.</summary>
    public ConcurrentDictionary<string, (string Status, string? Code)> Settled { get; } = new();

    public TimeSpan Elapsed { get; set; }

    public int Searches => _searchMilliseconds.Count;

    public int ServerErrors => StatusCounts.Where(p => p.Key >= 500).Sum(p => p.Value);

    public void Record(HttpStatusCode status) => StatusCounts.AddOrUpdate((int)status, 1, (_, n) => n + 1);

    public void RecordSearch(HttpStatusCode status, TimeSpan elapsed)
    {
        Record(status);
        _searchMilliseconds.Add(elapsed.TotalMilliseconds);
    }

    /// <summary>The <paramref name="percentile"/> (0–100) of search latency in milliseconds.</summary>
    public double SearchPercentile(double percentile)
    {
        var sorted = _searchMilliseconds.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
    }

    public string Summary() =>
        $"{Searches} searches in {Elapsed.TotalSeconds:F0} s ({Searches / Elapsed.TotalSeconds:F0}/s), p50 {SearchPercentile(50):F1} ms, p99 {SearchPercentile(99):F1} ms; " +
        $"statuses {string.Join(", ", StatusCounts.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}; " +
        $"uploads kept {Uploaded.Count} ({Settled.Values.Count(s => s.Status == "ready")} ready, {Settled.Values.Count(s => s.Status == "failed")} failed), deleted {Deleted.Count}";
}
