using System.Diagnostics;
using System.Globalization;
using System.Text;
using Folio.Eval.Retrieval;
using Folio.Generation.Answering;
using Folio.Retrieval.Index;
using Folio.Retrieval.Search;

namespace Folio.Eval.Answering;

/// <summary>
/// <c>ask</c>: extractive question answering on <c>xquad_en</c> and the span questions of
/// <c>tatqa_dev</c>, documents ingested through the real pipeline. Scored as eval/README.md says:
/// a gold answer string occurs, case-insensitively, in the answer; separately, in any citation quote.
/// </summary>
internal static class AskEval
{
    public const int TopK = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var limit = Arguments.Option(args, "--questions") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var named = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        string[] sets = named.Length > 0 ? named : ["xquad_en", "tatqa_dev"];

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `{string.Join(' ', ["dotnet run -c Release --project eval-sets/Folio.Eval -- ask", .. args])}` — {DateTime.UtcNow:yyyy-MM-dd}");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Extractive mode (no chat model): hybrid search top {TopK} chunks, the best sentence or table row is the answer, the best three are the citations. Documents ingested as files through the real pipeline.");
        report.AppendLine();
        report.AppendLine("| set | questions | answer contains gold | a citation quote contains gold | retrieval: right document in top 5 | no answer | ms/question (p50) |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var name in sets)
        {
            var set = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", name));
            var questions = set.Questions.Where(q => q.AnswerType is null or "span").Take(limit).ToList();
            var result = await EvaluateAsync(set, questions);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name}{(name == "tatqa_dev" ? " (span questions)" : "")} | {questions.Count} | {result.InAnswer:F3} | {result.InCitation:F3} | {result.DocumentAt5:F3} | {result.NoAnswer:F3} | {result.MedianMilliseconds:F0} |"));
        }

        report.AppendLine();
        report.AppendLine("Goal (issue 10): a citation quote contains the gold answer for ≥ 0.85 of `xquad_en` questions; the retrieval column bounds what any answer can reach.");
        Console.WriteLine(report);
        if (!args.Contains("--no-write"))
        {
            ReportFile.WriteSection("EVAL.md", "Question answering (extractive)", report.ToString());
        }

        return 0;
    }

    public sealed record Result(double InAnswer, double InCitation, double DocumentAt5, double NoAnswer, double MedianMilliseconds);

    /// <summary>Ingests <paramref name="set"/> into a fresh data folder and answers <paramref name="questions"/> extractively.</summary>
    public static async Task<Result> EvaluateAsync(QaSet set, IReadOnlyList<QaSet.Question> questions, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "folio-ask-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var pipeline = new EvalPipeline(folder);
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var document in set.Documents)
            {
                var (bytes, fileName) = document.AsFile();
                ids[await pipeline.IngestAsync(set.Name, bytes, fileName, cancellationToken)] = document.Id;
            }

            var answerer = new ExtractiveAnswerer(pipeline.Model, pipeline.Evidence);
            var (inAnswer, inCitation, at5, none) = (0, 0, 0, 0);
            var times = new List<double>();
            foreach (var question in questions)
            {
                var clock = Stopwatch.StartNew();
                var hits = await pipeline.Search.SearchAsync(question.Text, new ChunkFilter(set.Name), TopK, SearchMode.Hybrid, cancellationToken);
                var answer = await answerer.AnswerAsync(question.Text, hits, cancellationToken);
                times.Add(clock.Elapsed.TotalMilliseconds);
                inAnswer += question.Answers.Any(a => answer.Text.Contains(a, StringComparison.OrdinalIgnoreCase)) ? 1 : 0;
                inCitation += question.Answers.Any(a => answer.Citations.Any(c => c.Quote.Contains(a, StringComparison.OrdinalIgnoreCase))) ? 1 : 0;
                at5 += hits.Any(h => question.DocIds.Contains(ids.GetValueOrDefault(h.Chunk.DocumentId, string.Empty))) ? 1 : 0;
                none += answer.NoAnswer ? 1 : 0;
            }

            times.Sort();
            double n = Math.Max(questions.Count, 1);
            return new Result(inAnswer / n, inCitation / n, at5 / n, none / n, times.Count == 0 ? 0 : times[times.Count / 2]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
