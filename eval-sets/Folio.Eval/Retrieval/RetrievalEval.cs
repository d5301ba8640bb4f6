using System.Diagnostics;
using System.Globalization;
using System.Text;
using Folio.Retrieval.Index;
using Folio.Retrieval.Search;

namespace Folio.Eval.Retrieval;

/// <summary>
/// <c>retrieval</c>: ingests each QA set's documents through the real pipeline and scores vector,
/// keyword and hybrid search (recall@1/5/10, MRR, nDCG@10) by the conventions of eval/README.md.
/// </summary>
internal static class RetrievalEval
{
    public static readonly string[] AllSets = ["xquad_en", "cranfield", "tatqa_dev"];

    public static async Task<int> RunAsync(string[] args)
    {
        var sets = args.Length == 0 ? AllSets : args;
        var report = new StringBuilder();
        report.AppendLine($"Command: `{string.Join(' ', ["dotnet run -c Release --project eval-sets/Folio.Eval -- retrieval", .. args])}`");
        report.AppendLine();
        report.AppendLine("Documents ingested as files through the real pipeline (parse → chunk → embed → index, embedded index, default options), top 10 chunks per question collapsed to distinct documents.");
        report.AppendLine();
        report.AppendLine("| set | model | docs | questions | mode | recall@1 | recall@5 | recall@10 | MRR | nDCG@10 |");
        report.AppendLine("|---|---|---:|---:|---|---:|---:|---:|---:|---:|");
        foreach (var name in sets)
        {
            var set = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", name));
            var (modelId, results) = await EvaluateAsync(set, Enum.GetValues<SearchMode>());
            foreach (var (mode, metrics) in results)
            {
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {modelId} | {set.Documents.Count} | {metrics.Count} | {mode.ToString().ToLowerInvariant()} | {metrics.RecallAt(1):F3} | {metrics.RecallAt(5):F3} | {metrics.RecallAt(10):F3} | {metrics.MeanReciprocalRank():F3} | {metrics.NdcgAt10():F3} |"));
            }
        }

        report.AppendLine();
        report.AppendLine("Reference (eval/README.md): plain BM25 (k1 0.9, b 0.4) on Cranfield gives nDCG@10 = 0.311.");
        Console.WriteLine(report);
        ReportFile.WriteSection("EVAL.md", "Retrieval quality", report.ToString());
        return 0;
    }

    /// <summary>Ingests <paramref name="set"/> into a fresh data folder and scores each mode.</summary>
    public static async Task<(string ModelId, IReadOnlyList<(SearchMode Mode, RetrievalMetrics Metrics)> Results)> EvaluateAsync(QaSet set, IReadOnlyList<SearchMode> modes, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "folio-eval-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var pipeline = new EvalPipeline(folder);
            var clock = Stopwatch.StartNew();
            var documentIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var document in set.Documents)
            {
                var (bytes, fileName) = document.AsFile();
                documentIds[await pipeline.IngestAsync(set.Name, bytes, fileName, cancellationToken)] = document.Id;
            }

            Console.Error.WriteLine($"{set.Name}: ingested {set.Documents.Count} documents in {clock.Elapsed.TotalSeconds:F0} s");
            var results = new List<(SearchMode, RetrievalMetrics)>();
            foreach (var mode in modes)
            {
                var metrics = new RetrievalMetrics();
                foreach (var question in set.Questions)
                {
                    var hits = await pipeline.Search.SearchAsync(question.Text, new ChunkFilter(set.Name), 10, mode, cancellationToken);
                    metrics.Add(hits.Select(h => documentIds.GetValueOrDefault(h.Chunk.DocumentId, h.Chunk.DocumentId)), question.DocIds, question.Grades);
                }

                results.Add((mode, metrics));
            }

            return (pipeline.ModelId, results);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
