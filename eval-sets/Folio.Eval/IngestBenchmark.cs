using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Folio.Eval.Retrieval;
using Folio.Extraction;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Embeddings;
using Folio.Retrieval.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Eval;

/// <summary>
/// <c>ingest-bench [--set cranfield] [--docs 400]</c>: end-to-end ingestion (files queued, the background
/// workers parse, chunk, embed and index them) in chunks/s, against the raw throughput of the same
/// embedding model on the same chunk texts — the ceiling on this machine — measured before and after
/// in the same run. The ratio says how much of the embedder's speed the pipeline keeps.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var setName = Arguments.Option(args, "--set") ?? "cranfield";
        var documents = int.Parse(Arguments.Option(args, "--docs") ?? "400", CultureInfo.InvariantCulture);
        var workers = int.Parse(Arguments.Option(args, "--workers") ?? new IngestionOptions().Workers.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var set = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", setName), documents);
        var files = set.Documents.Select(d => d.AsFile()).ToList();

        var texts = await ChunkTextsAsync(files);
        var rawBefore = await RawEmbeddingRateAsync(texts);
        var (endToEnd, chunks, seconds) = await EndToEndRateAsync(files, workers);
        var rawAfter = await RawEmbeddingRateAsync(texts);
        var ceiling = (rawBefore + rawAfter) / 2;

        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project eval-sets/Folio.Eval -- ingest-bench --set {setName} --docs {documents} --workers {workers}`")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{files.Count} {setName} documents → {chunks} chunks; {workers} ingestion workers, embedder defaults, fresh data folder, empty embedding cache; load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.")
            .AppendLine()
            .AppendLine("| what | chunks/s |")
            .AppendLine("|---|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| raw embedding of the same chunk texts, batches of {new IngestionOptions().EmbedBatchSize} (before) | {rawBefore:F1} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| end-to-end ingestion: upload queue → ready ({seconds:F1} s) | {endToEnd:F1} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| raw embedding (after) | {rawAfter:F1} |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Ratio end-to-end / raw embedding (mean of before and after): {endToEnd / ceiling:F2}** (goal ≥ 0.85).")
            .ToString();
        Console.WriteLine(body);
        ReportFile.WriteSection("BENCHMARKS.md", "Ingestion throughput (ingest-bench)", body);
        return 0;
    }

    /// <summary>The texts the pipeline will embed: each file parsed and chunked as ingestion does it.</summary>
    private static async Task<List<string>> ChunkTextsAsync(List<(byte[] Bytes, string FileName)> files)
    {
        var parser = DocumentParser.CreateDefault(new ParsingOptions());
        var chunker = new StructureChunker(WordPieceTokenizer.CreateDefault(), new ChunkingOptions());
        var texts = new List<string>();
        foreach (var (bytes, fileName) in files)
        {
            using var stream = new MemoryStream(bytes);
            texts.AddRange(chunker.Chunk(await parser.ParseAsync(stream, fileName), fileName).Select(c => c.EmbeddingText));
        }

        return texts;
    }

    private static async Task<double> RawEmbeddingRateAsync(List<string> texts)
    {
        using var generator = new OnnxEmbeddingGenerator(Options.Create(new EmbeddingOptions { CacheFolder = CacheFolder() }), NullLogger<OnnxEmbeddingGenerator>.Instance);
        var batch = new IngestionOptions().EmbedBatchSize;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < texts.Count; i += batch)
        {
            await generator.GenerateAsync(texts.Skip(i).Take(batch));
        }

        return texts.Count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double Rate, int Chunks, double Seconds)> EndToEndRateAsync(List<(byte[] Bytes, string FileName)> files, int workers)
    {
        var folder = Path.Combine(Path.GetTempPath(), "folio-ingest-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var pipeline = new EvalPipeline(folder, new EmbeddingOptions { CacheFolder = CacheFolder() });
            var options = new IngestionOptions { Workers = workers };
            using var signal = new IngestionSignal();
            using var worker = new IngestionWorker(pipeline.Store, pipeline.Documents, pipeline.Pipeline, signal, options, NullLogger<IngestionWorker>.Instance);
            var ids = new List<string>();
            foreach (var (bytes, fileName) in files)
            {
                var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
                var upload = Path.Combine(folder, "upload-" + sha256);
                await File.WriteAllBytesAsync(upload, bytes);
                ids.Add((await pipeline.Documents.AddAsync("bench", fileName, "text/plain", sha256, new Dictionary<string, string>(), upload)).Document.Id);
            }

            var clock = Stopwatch.StartNew();
            await worker.StartAsync(CancellationToken.None);
            signal.Notify(ids.Count);
            var chunks = 0;
            while (true)
            {
                var page = await pipeline.Store.ListAsync(new DocumentQuery("bench", null, null, null, ids.Count));
                if (page.Documents.All(d => d.Status is DocumentStatus.Ready or DocumentStatus.Failed))
                {
                    chunks = page.Documents.Sum(d => d.Chunks);
                    break;
                }

                await Task.Delay(50);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            await worker.StopAsync(CancellationToken.None);
            return (chunks / seconds, chunks, seconds);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Where the int8 model is made once, so no run pays for quantising it inside a timing.</summary>
    private static string CacheFolder() => Path.Combine(Path.GetTempPath(), "folio-bench-models");

}
