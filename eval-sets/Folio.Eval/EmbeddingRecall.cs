using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Folio.Eval.Retrieval;
using Folio.Retrieval.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Eval;

/// <summary>
/// <c>embed-recall [--set xquad_en]</c>: dense retrieval quality of the embedder, fp32 against int8. Each document
/// is cut into windows of at most 254 word pieces at word boundaries (a document scores its best window), every
/// question is embedded, and documents are ranked by brute-force cosine. Reports recall@1/5/10 and MRR.
/// </summary>
internal static class EmbeddingRecall
{
    private const int WindowTokens = 254;

    public static async Task<int> RunAsync(string[] args)
    {
        var setName = Arguments.Option(args, "--set") ?? "xquad_en";
        var set = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", setName));
        var rows = new List<string>();
        var recallAt5 = new Dictionary<EmbeddingPrecision, double>();
        foreach (var precision in new[] { EmbeddingPrecision.Fp32, EmbeddingPrecision.Int8 })
        {
            using var generator = new OnnxEmbeddingGenerator(
                Options.Create(new EmbeddingOptions { Precision = precision }), NullLogger<OnnxEmbeddingGenerator>.Instance);
            var stopwatch = Stopwatch.StartNew();
            var (metrics, windows) = await EvaluateAsync(generator, set);
            recallAt5[precision] = metrics.RecallAt(5);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {generator.ModelId} | {metrics.RecallAt(1):P1} | {metrics.RecallAt(5):P1} | {metrics.RecallAt(10):P1} | {metrics.MeanReciprocalRank():F3} | {windows} | {stopwatch.Elapsed.TotalSeconds:F0} s |"));
            Console.WriteLine(rows[^1]);
        }

        var gap = (recallAt5[EmbeddingPrecision.Fp32] - recallAt5[EmbeddingPrecision.Int8]) * 100;
        var verdict = gap <= 1.0
            ? $"int8 is within 1 point of fp32 at recall@5 ({gap:+0.0;-0.0;0.0} points): int8 may be the default precision."
            : $"int8 is {gap:F1} points below fp32 at recall@5 (more than 1): fp32 stays the default precision.";
        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project eval-sets/Folio.Eval -- embed-recall --set {setName}`")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{set.Documents.Count} documents (windows of ≤ {WindowTokens} word pieces at word boundaries; a document scores its best window), {set.Questions.Count} questions, brute-force cosine; a question counts as found when any of its doc_ids ranks within k.")
            .AppendLine()
            .AppendLine("| model | recall@1 | recall@5 | recall@10 | MRR | windows | time (embed + rank) |")
            .AppendLine("|---|---|---|---|---|---|---|")
            .AppendJoin('\n', rows).AppendLine()
            .AppendLine()
            .AppendLine(string.Create(CultureInfo.InvariantCulture, $"Decision: {verdict}"))
            .ToString();
        ReportFile.WriteSection("EVAL.md", $"Embedding recall, {setName} (embed-recall)", body);
        return 0;
    }

    private static async Task<(RetrievalMetrics Metrics, int Windows)> EvaluateAsync(OnnxEmbeddingGenerator generator, QaSet set)
    {
        var windows = new List<(int Doc, string Text)>();
        for (var d = 0; d < set.Documents.Count; d++)
        {
            windows.AddRange(Windows(set.Documents[d].Text, generator.Tokenizer, WindowTokens).Select(w => (d, w)));
        }

        var windowVectors = await generator.GenerateAsync(windows.Select(w => w.Text));
        var questionVectors = await generator.GenerateAsync(set.Questions.Select(q => q.Text));
        var metrics = new RetrievalMetrics();
        for (var q = 0; q < set.Questions.Count; q++)
        {
            var best = new float[set.Documents.Count];
            Array.Fill(best, float.MinValue);
            for (var w = 0; w < windows.Count; w++)
            {
                var score = TensorPrimitives.Dot(questionVectors[q].Vector.Span, windowVectors[w].Vector.Span);
                best[windows[w].Doc] = Math.Max(best[windows[w].Doc], score);
            }

            metrics.Add(Enumerable.Range(0, best.Length).OrderByDescending(d => best[d]).Select(d => set.Documents[d].Id), set.Questions[q].DocIds);
        }

        return (metrics, windows.Count);
    }

    /// <summary>Whitespace splits words in BERT pre-tokenisation, so a window's token count is the sum of its words'.</summary>
    internal static IEnumerable<string> Windows(string text, WordPieceTokenizer tokenizer, int maxTokens)
    {
        var words = new List<string>();
        var tokens = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var count = tokenizer.CountTokens(word);
            if (tokens + count > maxTokens && words.Count > 0)
            {
                yield return string.Join(' ', words);
                words.Clear();
                tokens = 0;
            }

            words.Add(word);
            tokens += count;
        }

        if (words.Count > 0)
        {
            yield return string.Join(' ', words);
        }
    }
}
