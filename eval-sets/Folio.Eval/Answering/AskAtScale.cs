using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Folio.Eval.Retrieval;
using Folio.Retrieval.Index;

namespace Folio.Eval.Answering;

/// <summary>
/// ask-bench (c): <c>POST /v1/ask</c> (extractive) over HTTP against the service as a process, on the collection of
/// the three QA sets as ingested, then on the same collection grown with <see cref="Distractors"/> to the target
/// size, with the same questions: latency, and whether the answers still cite the right documents.
/// </summary>
internal static class AskAtScale
{
    private const double Noise = 0.25;
    private const int DistractorCharacters = 40_000;
    private const int WarmUpAsks = 10;

    public sealed record Source(QaSet.Document Document, string FolioId);

    /// <summary>
    /// Runs the measurement. <paramref name="pipeline"/> holds the ingested collection in <paramref name="folder"/> and is
    /// disposed here (the service opens the folder itself).
    /// </summary>
    public static async Task ReportAsync(StringBuilder report, string folder, EvalPipeline pipeline, string collection,
        IReadOnlyList<Source> sources, IReadOnlyList<QaSet.Question> questions, int targetChunks)
    {
        var gold = questions.SelectMany(q => q.Answers).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var distractors = await Distractors.CreateAsync(pipeline, sources.Select(s => (s.Document, s.FolioId)).ToList(), gold, Noise);
        var small = await pipeline.Index.CountAsync(new ChunkFilter(collection));
        var modelId = pipeline.ModelId;
        pipeline.Dispose();
        // Documents of identical content (empty ones, say) are one Folio document.
        var setIds = sources.ToLookup(s => s.FolioId, s => s.Document.Id, StringComparer.Ordinal);

        // The collection as ingested stays in a copy, so both sizes can be asked side by side.
        var smallFolder = folder + "-small";
        Copy(folder, smallFolder);
        var clock = Stopwatch.StartNew();
        var added = 0;
        long chunks;
        using (var grown = new EvalPipeline(folder, chunkEmbedder: distractors))
        {
            if (grown.ModelId != modelId)
            {
                throw new InvalidOperationException($"The model changed: {modelId} then {grown.ModelId}.");
            }

            for (chunks = small; chunks < targetChunks; chunks = await grown.Index.CountAsync(new ChunkFilter(collection)))
            {
                // Ten documents between counts; ~40,000 characters give ~40 chunks each, the last ones are sized to land near the target.
                var characters = (int)Math.Clamp((targetChunks - chunks) * 100, 2_000, DistractorCharacters);
                for (var i = 0; i < 10; i++)
                {
                    await grown.IngestAsync(collection, Encoding.UTF8.GetBytes(distractors.Document(characters)), $"distractor-{added++:D5}.txt");
                }
            }
        }

        var distractorSeconds = clock.Elapsed.TotalSeconds;
        Asks before, after;
        try
        {
            (before, after) = await AskBothAsync(smallFolder, folder, collection, questions, setIds);
        }
        finally
        {
            Directory.Delete(smallFolder, recursive: true);
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"**(c) `POST /v1/ask` over HTTP at {chunks:N0} chunks** — the service as a process (`Folio.Api.dll`, default settings: embedded index, int8 embedder, no chat backend, so answers are extractive) on loopback: one process over the data folder of (b) ({small:N0} chunks), one over a copy of it grown to {chunks:N0} chunks with {added:N0} distractor documents, both running at once. {questions.Count} questions of `xquad_en` and the span questions of `tatqa_dev` (those with a gold answer), each asked of both services in turn (alternating which goes first, so drift in the shared machine's load hits both sizes alike), one request at a time (`{{\"question\",\"collection\"}}`, topK 5), after {WarmUpAsks} warm-up asks each; the questions are distinct, so every ask is a cache miss.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Distractors: real text, built so they are neither trivially separable nor able to answer — each distractor document mixes sentences of {Distractors.SourcesPerDocument} random documents of the three sets ({distractors.Sentences:N0} sentences to draw from, after dropping the {distractors.Dropped:N0} that contain a gold answer of the questions asked, so a distractor shares a question's words and topic but not its answer). They go through the real ingestion pipeline (parser worker, chunker, document store, evidence files, embedded index) except for the model: a distractor chunk's vector is the mean of the real chunk vectors (computed once, in the first ingestion) of the documents its sentences come from, normalised, plus Gaussian noise of norm {Noise}, normalised again — so distractors lie among the real chunks in vector space. Adding them took {distractorSeconds:F0} s ({(chunks - small) / distractorSeconds:F0} chunks/s).");
        report.AppendLine();
        report.AppendLine("| chunks | asks | p50 (ms) | p99 (ms) | mean (ms) | gold answer in a citation quote | a citation from the right document | citations from distractors |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        report.AppendLine(before.Row(small));
        report.AppendLine(after.Row(chunks));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"At {chunks:N0} chunks against {small:N0}, same run, same questions: p50 ×{after.Percentile(0.50) / before.Percentile(0.50):F2}, p99 ×{after.Percentile(0.99) / before.Percentile(0.99):F2}. Client and service share this machine's processors (load average after the run {ReportFile.LoadAverage()}).");
        report.AppendLine();
    }

    private static async Task<(Asks Small, Asks Large)> AskBothAsync(string smallFolder, string largeFolder, string collection,
        IReadOnlyList<QaSet.Question> questions, ILookup<string, string> setIds)
    {
        await using var small = await FolioProcess.StartAsync(smallFolder);
        await using var large = await FolioProcess.StartAsync(largeFolder);
        foreach (var question in questions.Take(WarmUpAsks))
        {
            await AskAsync(small.Client, "warm-up: " + question.Text, collection);
            await AskAsync(large.Client, "warm-up: " + question.Text, collection);
        }

        var (smallAsks, largeAsks) = (new Asks(), new Asks());
        for (var i = 0; i < questions.Count; i++)
        {
            var order = i % 2 == 0 ? new[] { (small, smallAsks), (large, largeAsks) } : [(large, largeAsks), (small, smallAsks)];
            foreach (var (service, asks) in order)
            {
                await AskOneAsync(service.Client, questions[i], collection, setIds, asks);
            }
        }

        return (smallAsks, largeAsks);
    }

    private static async Task AskOneAsync(HttpClient client, QaSet.Question question, string collection, ILookup<string, string> setIds, Asks asks)
    {
        var clock = Stopwatch.StartNew();
        var answer = await AskAsync(client, question.Text, collection);
        asks.Times.Add(clock.Elapsed.TotalMilliseconds);
        var citations = answer["citations"]!.AsArray().Select(c => (Document: (string)c!["documentId"]!, Quote: (string)c!["quote"]!)).ToList();
        asks.GoldInCitation += question.Answers.Any(a => citations.Any(c => c.Quote.Contains(a, StringComparison.OrdinalIgnoreCase))) ? 1 : 0;
        asks.RightDocument += citations.Any(c => setIds[c.Document].Any(question.DocIds.Contains)) ? 1 : 0;
        asks.Citations += citations.Count;
        asks.DistractorCitations += citations.Count(c => !setIds.Contains(c.Document));
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<JsonNode> AskAsync(HttpClient client, string question, string collection)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/v1/ask", UriKind.Relative), new { question, collection });
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body)!
            : throw new InvalidOperationException($"/v1/ask answered {(int)response.StatusCode}: {body}");
    }

    private sealed class Asks
    {
        public List<double> Times { get; } = [];

        public int GoldInCitation { get; set; }

        public int RightDocument { get; set; }

        public int Citations { get; set; }

        public int DistractorCitations { get; set; }

        public double Percentile(double share)
        {
            var sorted = Times.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
        }

        public string Row(long chunks) => string.Create(CultureInfo.InvariantCulture,
            $"| {chunks:N0} | {Times.Count} | {Percentile(0.50):F1} | {Percentile(0.99):F1} | {Times.Average():F1} | {GoldInCitation / (double)Times.Count:F3} | {RightDocument / (double)Times.Count:F3} | {DistractorCitations / (double)Math.Max(Citations, 1):P1} |");
    }
}
