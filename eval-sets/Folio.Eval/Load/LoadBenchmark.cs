using Folio.Eval.Retrieval;

namespace Folio.Eval.Load;

/// <summary>
/// <c>load-bench</c>: search throughput and latency of a running Folio, first idle (searches only),
/// then under write load (uploads and deletes beside the searches), in the same run, so the ratio
/// shows what ingestion costs online search.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = Arguments.Option(args, "--url") ?? "http://localhost:5080";
        var clients = int.Parse(Arguments.Option(args, "--clients") ?? "16");
        var seconds = int.Parse(Arguments.Option(args, "--seconds") ?? "60");
        var documents = int.Parse(Arguments.Option(args, "--docs") ?? "240");
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var set = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", "xquad_en"));
        var run = new LoadRun(client, set, "load-bench-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss"));

        await run.SeedAsync(documents, CancellationToken.None);
        var idle = await run.RunAsync(clients, writers: 0, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        Console.WriteLine("idle:  " + idle.Summary());
        var writers = Math.Max(1, clients / 8);
        var loaded = await run.RunAsync(clients - writers, writers, TimeSpan.FromSeconds(seconds), CancellationToken.None);
        Console.WriteLine("mixed: " + loaded.Summary());

        var command = $"dotnet run -c Release --project eval-sets/Folio.Eval -- load-bench {string.Join(' ', args)}".TrimEnd();
        ReportFile.WriteSection("BENCHMARKS.md", "Search under load", $"""
            `{command}` against Folio started with the README's run command (embedded index, int8 embedder) —
            {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} CPUs, client and server on the same machine
            (shared machine: compare the ratios, not the absolute times). Collection: {documents} `xquad_en`
            paragraphs; searches cycle hybrid, vector and keyword over the set's questions, topK 10.

            | phase | clients | searches/s | p50 ms | p99 ms | 5xx | uploads kept (ready / failed) | deleted at once |
            |---|---|---|---|---|---|---|---|
            | idle: searches only | {clients} | {Rate(idle):F0} | {idle.SearchPercentile(50):F1} | {idle.SearchPercentile(99):F1} | {idle.ServerErrors} | – | – |
            | mixed: searches + uploads/deletes | {clients - writers} + {writers} | {Rate(loaded):F0} | {loaded.SearchPercentile(50):F1} | {loaded.SearchPercentile(99):F1} | {loaded.ServerErrors} | {loaded.Uploaded.Count} ({Count(loaded, "ready")} / {Count(loaded, "failed")}) | {loaded.Deleted.Count} |

            Mixed against idle, same run: throughput ×{Rate(loaded) / Rate(idle):F2}, p99 ×{loaded.SearchPercentile(99) / idle.SearchPercentile(99):F2}.
            Every fifth upload is a broken PDF, so "failed" uploads are expected (`document_unreadable`); every third is deleted right after its 202.
            The test `SearchUnderLoadTests` runs the same mixed load for 60 s and asserts zero 5xx and that every upload settles.
            """);
        return idle.ServerErrors + loaded.ServerErrors == 0 ? 0 : 1;
    }

    private static double Rate(LoadReport report) => report.Searches / report.Elapsed.TotalSeconds;

    private static int Count(LoadReport report, string status) => report.Settled.Values.Count(s => s.Status == status);
}
