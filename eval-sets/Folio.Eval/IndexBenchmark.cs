using System.Diagnostics;
using System.Globalization;
using System.Text;
using Folio.Retrieval.Index;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Eval;

/// <summary>
/// <c>index-bench</c>: builds an <see cref="EmbeddedChunkIndex"/> over synthetic clustered 384-d unit vectors
/// (random centres + Gaussian-ish noise 0.35, normalised, as in PACKAGES.md) with generated text, then times
/// vector and keyword searches. The peer is exact brute-force cosine search over the same vectors in memory,
/// measured in the same run: recall@10 of the HNSW search against it, and the latency ratio.
/// </summary>
internal static class IndexBenchmark
{
    private const int Dimensions = 384;
    private const int TopK = 10;

    /// <summary>
    /// The committed figures of the previous index (docs/BENCHMARKS.md, 2026-11-28, commit 43bd588): one FTS5
    /// table for all collections ranking every match of up to 64 OR-ed words, and the whole graph rewritten
    /// every 2 s during ingestion. Hybrid search was not measured then. The old code is gone, so these are
    /// quoted, not re-measured.
    /// </summary>
    private static readonly Dictionary<int, (string AddsPerSecond, string Keyword)> Previous = new()
    {
        [10_000] = ("1,375", "23.71 / 157.48 ms"),
        [100_000] = ("457", "244.75 / 773.29 ms"),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = (Arguments.Option(args, "--sizes") ?? "10000,100000").Split(',').Select(int.Parse).ToArray();
        var queries = int.Parse(Arguments.Option(args, "--queries") ?? "200", CultureInfo.InvariantCulture);
        var rows = new List<string>();
        var load = ReportFile.LoadAverage();
        foreach (var size in sizes)
        {
            rows.Add(await RunOneAsync(size, queries));
            Console.WriteLine(rows[^1]);
        }

        var command = $"dotnet run -c Release --project eval-sets/Folio.Eval -- index-bench --sizes {string.Join(',', sizes)} --queries {queries}";
        ReportFile.WriteSection("BENCHMARKS.md", "Chunk index (index-bench)", $"""
            `{command}` — {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} CPUs, load average at start {load}, at the end {ReportFile.LoadAverage()} (shared machine: compare the ratios, not the absolute times).

            Synthetic chunks: {Dimensions}-d unit vectors around N/50 random centres (noise 0.35), 60 generated words each
            (Zipf-distributed over a 5,000-word generated vocabulary, so the most frequent words are in nearly every chunk, like stop words);
            `EmbeddedChunkIndex` defaults (USearch HNSW M=16, ef_add=128, ef_search=64, cosine f32; SQLite WAL + one FTS5 table per
            collection; keyword terms chosen by IDF within `KeywordMaxScoredChunks` = 4,096). Build = upserts in batches of 1,000
            (SQLite rows + FTS + HNSW adds) + the final save on dispose (the graph is saved when idle, not during the stream of upserts).
            Vector search = `SearchVectorAsync` top-{TopK} (HNSW + reading the 10 rows from SQLite), one query at a time, {queries} queries.
            **Peer: exact brute-force cosine over the same vectors in memory (one thread)**; recall@10 = overlap of the two top-10s.
            Keyword = `SearchKeywordsAsync` top-{TopK} with three generated words (bm25). Hybrid = `SearchHybridAsync` top-{TopK} with the
            vector query and three words (graph top-40 and keyword top-40, fused by reciprocal rank). **Previous** = the committed
            figures of the index before issue 9 (2026-11-28, same command, same machine class): one FTS5 table for all collections
            ranking every match, graph rewritten whole every 2 s while ingesting; quoted, since the old code is gone.

            | chunks | build | adds/s (previous) | vector p50 / p99 | exact (peer) p50 / p99 | vector ÷ exact (p50) | recall@10 | keyword p50 / p99 (previous) | hybrid p50 / p99 |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|
            {string.Join("\n", rows)}
            """);
        return 0;
    }

    private static async Task<string> RunOneAsync(int size, int queryCount)
    {
        var random = new Random(42);
        var centres = Enumerable.Range(0, Math.Max(1, size / 50)).Select(_ => Normalise(Gaussian(random, 1.0))).ToArray();
        var vectors = new float[size][];
        for (var i = 0; i < size; i++)
        {
            vectors[i] = Noisy(centres[random.Next(centres.Length)], random);
        }

        var vocabulary = Enumerable.Range(0, 5_000).Select(i => Word(i)).ToArray();
        var folder = Path.Combine(Path.GetTempPath(), "folio-index-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = Stopwatch.StartNew();
            var index = new EmbeddedChunkIndex(folder, new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);
            for (var start = 0; start < size; start += 1_000)
            {
                var batch = Enumerable.Range(start, Math.Min(1_000, size - start))
                    .Select(i => new ChunkVector(
                        new IndexedChunk($"c{i}", $"d{i / 20}", "bench", $"d{i / 20}.pdf", i % 20, Text(random, vocabulary), "", 1, 1, 0, 100, new Dictionary<string, string>()),
                        vectors[i]))
                    .ToList();
                await index.UpsertAsync("bench-model", batch);
            }

            index.Dispose();
            var build = clock.Elapsed;
            index = new EmbeddedChunkIndex(folder, new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);
            var filter = new ChunkFilter("bench");
            var queries = Enumerable.Range(0, queryCount).Select(_ => Noisy(centres[random.Next(centres.Length)], random)).ToArray();
            await index.SearchVectorAsync("bench-model", queries[0], filter, TopK).ToListAsync(); // loads the graph

            var vectorTimes = new List<double>();
            var exactTimes = new List<double>();
            var recall = 0.0;
            foreach (var query in queries)
            {
                clock.Restart();
                var hits = await index.SearchVectorAsync("bench-model", query, filter, TopK).ToListAsync();
                vectorTimes.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                var exact = ExactTopK(vectors, query);
                exactTimes.Add(clock.Elapsed.TotalMilliseconds);
                recall += hits.Select(h => int.Parse(h.Chunk.ChunkId.AsSpan(1), CultureInfo.InvariantCulture)).Intersect(exact).Count() / (double)TopK;
            }

            var keywordTimes = new List<double>();
            var hybridTimes = new List<double>();
            foreach (var query in queries)
            {
                var words = string.Join(' ', Enumerable.Range(0, 3).Select(_ => vocabulary[Zipf(random, vocabulary.Length)]));
                clock.Restart();
                await index.SearchKeywordsAsync(words, filter, TopK).ToListAsync();
                keywordTimes.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                await index.SearchHybridAsync("bench-model", query, words, filter, TopK).ToListAsync();
                hybridTimes.Add(clock.Elapsed.TotalMilliseconds);
            }

            index.Dispose();
            var ratio = Percentile(vectorTimes, 50) / Percentile(exactTimes, 50);
            var previous = Previous.TryGetValue(size, out var p) ? p : (AddsPerSecond: "–", Keyword: "–");
            return string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {build.TotalSeconds:F1} s | {size / build.TotalSeconds:N0} ({previous.AddsPerSecond}) | {Times(vectorTimes)} | {Times(exactTimes)} | {ratio:F3} | {recall / queryCount:F3} | {Times(keywordTimes)} ({previous.Keyword}) | {Times(hybridTimes)} |");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int[] ExactTopK(float[][] vectors, float[] query)
    {
        var best = new PriorityQueue<int, float>(TopK + 1);
        for (var i = 0; i < vectors.Length; i++)
        {
            // Unit vectors: cosine = dot product.
            best.Enqueue(i, System.Numerics.Tensors.TensorPrimitives.Dot(vectors[i], query));
            if (best.Count > TopK)
            {
                best.Dequeue();
            }
        }

        return best.UnorderedItems.Select(x => x.Element).ToArray();
    }

    private static string Times(List<double> values) =>
        string.Create(CultureInfo.InvariantCulture, $"{Percentile(values, 50):F2} / {Percentile(values, 99):F2} ms");

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static float[] Gaussian(Random random, double sigma) =>
        Enumerable.Range(0, Dimensions).Select(_ => (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();

    private static float[] Noisy(float[] centre, Random random)
    {
        // Noise 0.35 per unit vector: each component gets 0.35/√d so the noise vector's norm is ≈ 0.35.
        var noise = Gaussian(random, 0.35 / Math.Sqrt(Dimensions));
        return Normalise(centre.Select((c, i) => c + noise[i]).ToArray());
    }

    private static float[] Normalise(float[] v)
    {
        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static string Text(Random random, string[] vocabulary) =>
        string.Join(' ', Enumerable.Range(0, 60).Select(_ => vocabulary[Zipf(random, vocabulary.Length)]));

    /// <summary>A roughly Zipf-distributed rank (p ∝ 1/r), like word frequencies in real text.</summary>
    private static int Zipf(Random random, int n) => Math.Min(n - 1, (int)Math.Exp(random.NextDouble() * Math.Log(n)) - 1);

    private static string Word(int i)
    {
        const string letters = "bcdfghjklmnprstvz";
        const string vowels = "aeiou";
        var word = new StringBuilder();
        for (var n = i + 1; n > 0; n /= 85)
        {
            word.Append(letters[n % 17]).Append(vowels[(n / 17) % 5]);
        }

        return word.ToString();
    }
}
