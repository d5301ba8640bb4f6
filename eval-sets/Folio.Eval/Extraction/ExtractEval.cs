using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Folio.Eval.Retrieval;
using Folio.Generation.StructuredExtraction;

namespace Folio.Eval.Extraction;

/// <summary>
/// <c>extract</c>: extractive structured extraction on <c>kleister_nda</c>, <c>zugferd</c> and
/// <c>invoice2data</c>, documents ingested through the real pipeline, scored field by field as
/// eval-sets/FORMATS.md says (normalised values; lists per item; a value where gold is null is a false
/// positive; fields whose <c>visible_in_pdf_text</c> flag is false are skipped; invoice2data: only
/// non-null gold is scored). Also checks every grounded value's evidence and times each document.
/// </summary>
internal static partial class ExtractEval
{
    public static readonly string[] Sets = ["kleister_nda", "zugferd", "invoice2data"];

    public static async Task<int> RunAsync(string[] args)
    {
        var limit = Arguments.Option(args, "--docs") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var named = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var sets = named.Length > 0 ? named : Sets;
        var dump = Arguments.Option(args, "--dump");

        var eval = new StringBuilder();
        var bench = new StringBuilder();
        var command = string.Join(' ', ["dotnet run -c Release --project eval-sets/Folio.Eval -- extract", .. args]);
        eval.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` — {DateTime.UtcNow:yyyy-MM-dd}");
        eval.AppendLine();
        eval.AppendLine("Extractive mode (no chat model, no training): schema-guided labels, typed parsers, embedding similarity to choose among candidates. Documents ingested as files through the real pipeline; scoring as in eval-sets/FORMATS.md (kleister_nda: a value where gold is null is a false positive; zugferd and invoice2data: fields whose `visible_in_pdf_text` is false are skipped; invoice2data: only non-null gold is scored, as its README says).");
        eval.AppendLine();
        bench.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` — {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores shared with other builds while measured (upper bounds). Extraction only (the document is already ingested); embedding on CPU.");
        bench.AppendLine();
        bench.AppendLine("| set | documents | pages | ms/page (mean) | ms/document p50 | ms/document p99 |");
        bench.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var name in sets)
        {
            var result = await EvaluateAsync(name, limit, dump);
            eval.AppendLine(CultureInfo.InvariantCulture, $"### {name} ({result.Documents} documents)");
            eval.AppendLine();
            eval.AppendLine("| field | TP | FP | FN | precision | recall | F1 |");
            eval.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (field, score) in result.Fields)
            {
                eval.AppendLine(Row(field, score));
            }

            eval.AppendLine(Row("**micro**", result.Micro));
            eval.AppendLine();
            eval.AppendLine(CultureInfo.InvariantCulture, $"Grounding: {result.Grounded} of {result.Values} returned values grounded; evidence re-checked: {result.GroundedHolding} of {result.Grounded} hold under their match kind.");
            eval.AppendLine();
            var times = result.Milliseconds.Order().ToList();
            bench.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {result.Documents} | {result.Pages} | {times.Sum() / Math.Max(1, result.Pages):F1} | {Percentile(times, 0.5):F0} | {Percentile(times, 0.99):F0} |"));
        }

        eval.AppendLine("Goals (issue 11, extractive): Kleister NDA micro-F1 ≥ 0.60; ZUGFeRD visible fields ≥ 0.75 (measured on the committed subset of 10 of the 97 ZUGFeRD files: treat it as indicative).");
        Console.WriteLine(eval);
        Console.WriteLine(bench);
        if (!args.Contains("--no-write"))
        {
            ReportFile.WriteSection("EVAL.md", "Structured extraction (extractive)", eval.ToString());
            ReportFile.WriteSection("BENCHMARKS.md", "Structured extraction latency (extractive)", bench.ToString());
        }

        return 0;
    }

    public sealed class Score
    {
        public int TruePositives { get; set; }

        public int FalsePositives { get; set; }

        public int FalseNegatives { get; set; }

        public double Precision => TruePositives + FalsePositives == 0 ? 0 : TruePositives / (double)(TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 0 : TruePositives / (double)(TruePositives + FalseNegatives);

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    public sealed record Result(string Set, int Documents, int Pages, IReadOnlyList<(string Field, Score Score)> Fields, Score Micro,
        int Values, int Grounded, int GroundedHolding, IReadOnlyList<double> Milliseconds);

    /// <summary>Ingests the set's documents into a fresh data folder and extracts each with the set's schema.</summary>
    public static async Task<Result> EvaluateAsync(string set, int limit = int.MaxValue, string? dump = null, CancellationToken cancellationToken = default)
    {
        var root = Path.Combine(ReportFile.EvalSets(), "extraction", set);
        using var schemaJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root, "schema.json"), cancellationToken));
        var schema = ExtractionSchema.Parse(schemaJson.RootElement, new ExtractionOptions());
        var gold = (await File.ReadAllLinesAsync(Path.Combine(root, "gold.jsonl"), cancellationToken))
            .Where(line => line.Length > 0).Select(line => JsonNode.Parse(line)!.AsObject()).Take(limit).ToList();
        var folder = Path.Combine(Path.GetTempPath(), "folio-extract-" + Guid.NewGuid().ToString("N"));
        var scores = schema.Root.Properties.ToDictionary(p => p.Name, _ => new Score(), StringComparer.Ordinal);
        var (values, grounded, holding, pages) = (0, 0, 0, 0);
        var times = new List<double>();
        await using var dumpFile = dump is null ? null : new StreamWriter(dump);
        try
        {
            using var pipeline = new EvalPipeline(folder);
            var extraction = new SchemaExtraction(pipeline.Store, pipeline.Files, new ExtractiveExtractor(pipeline.Model),
                new Folio.Generation.GenerationBackend(Folio.Generation.Chat.ChatBackendStatus.None, null), new ExtractionOptions());
            foreach (var line in gold)
            {
                var file = line["file"]!.GetValue<string>();
                var id = await pipeline.IngestAsync(set, await File.ReadAllBytesAsync(Path.Combine(root, file), cancellationToken), Path.GetFileName(file), cancellationToken);
                var document = await pipeline.Store.GetAsync(id, cancellationToken);
                pages += document!.Pages;
                var clock = Stopwatch.StartNew();
                var result = await extraction.ExtractAsync(new ExtractionRequest(id, schema, null, RequireGrounding: false), cancellationToken);
                times.Add(clock.Elapsed.TotalMilliseconds);
                var parsed = await pipeline.Files.LoadParsedAsync(id, cancellationToken);
                foreach (var (_, field) in result.Fields)
                {
                    values += field.Value is null ? 0 : 1;
                    if (field.Grounded)
                    {
                        grounded++;
                        var evidence = field.Evidence[0];
                        holding += parsed!.Text[evidence.Start..evidence.End] == evidence.Quote && GroundingMatch.Holds(evidence.Quote, field.Value!, evidence.Match) ? 1 : 0;
                    }
                }

                Tally(set, line, result.Data!.AsObject(), scores);
                if (dumpFile is not null)
                {
                    Directory.CreateDirectory(dump + ".texts");
                    await File.WriteAllTextAsync(Path.Combine(dump + ".texts", Path.GetFileName(file) + ".txt"), parsed!.Text, cancellationToken);
                    await dumpFile.WriteLineAsync(new JsonObject { ["file"] = file, ["predicted"] = result.Data!.DeepClone(), ["expected"] = line["expected"]!.DeepClone() }.ToJsonString());
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var micro = new Score
        {
            TruePositives = scores.Values.Sum(s => s.TruePositives),
            FalsePositives = scores.Values.Sum(s => s.FalsePositives),
            FalseNegatives = scores.Values.Sum(s => s.FalseNegatives),
        };
        return new Result(set, gold.Count, pages, scores.Select(s => (s.Key, s.Value)).ToList(), micro, values, grounded, holding, times);
    }

    private static void Tally(string set, JsonObject line, JsonObject predicted, Dictionary<string, Score> scores)
    {
        var expected = line["expected"]!.AsObject();
        var visible = line["visible_in_pdf_text"] as JsonObject;
        foreach (var (field, score) in scores)
        {
            if (visible?[field] is JsonValue flag && flag.GetValueKind() == JsonValueKind.False)
            {
                continue;
            }

            var gold = Values(field, expected[field]);
            if (set == "invoice2data" && gold.Count == 0)
            {
                continue;
            }

            var found = Values(field, predicted[field]);
            var matched = 0;
            var remaining = new List<string>(gold);
            foreach (var value in found)
            {
                if (remaining.Remove(value))
                {
                    matched++;
                }
            }

            score.TruePositives += matched;
            score.FalsePositives += found.Count - matched;
            score.FalseNegatives += gold.Count - matched;
        }
    }

    /// <summary>A field's values, normalised as FORMATS.md says; a list gives one per item, null none.</summary>
    private static List<string> Values(string field, JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Where(i => i is not null).Select(i => Normalize(field, i!)).ToList(),
        _ => [Normalize(field, node)],
    };

    private static string Normalize(string field, JsonNode value)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return Math.Round(value.GetValue<decimal>(), 2).ToString("F2", CultureInfo.InvariantCulture);
        }

        var text = WhitespacePattern().Replace(value.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant(), " ").Trim();
        if (IsName(field))
        {
            text = WhitespacePattern().Replace(PunctuationPattern().Replace(text, " "), " ").Trim();
        }

        return text;
    }

    private static bool IsName(string field) =>
        field is "party" or "jurisdiction" or "issuer" || field.EndsWith("_name", StringComparison.Ordinal);

    private static string Row(string field, Score s) => string.Create(CultureInfo.InvariantCulture,
        $"| {field} | {s.TruePositives} | {s.FalsePositives} | {s.FalseNegatives} | {s.Precision:F3} | {s.Recall:F3} | {s.F1:F3} |");

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"[^\p{L}\p{N}\s]")]
    private static partial Regex PunctuationPattern();
}
