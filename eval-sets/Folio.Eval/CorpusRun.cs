using System.Diagnostics;
using System.Text;
using Folio.Extraction;

namespace Folio.Eval;

/// <summary>
/// <c>corpus</c>: every file of the parser corpus through <see cref="DocumentParser"/>, one at a time.
/// Counts parsed files and rejections by errorCode, lists the library exceptions behind rejections
/// (a damaged file makes PdfPig or the Open XML SDK throw; the parsers map that to a typed error),
/// flags timeouts, offset errors and anything that escapes untyped, and records peak memory.
/// </summary>
internal static class CorpusRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var corpus = Arguments.Option(args, "--corpus") ?? Corpus.DefaultRoot();
        var subset = Arguments.Option(args, "--subset");
        var write = !args.Contains("--no-report");
        var files = ListFiles(corpus, subset);
        var options = new ParsingOptions { Timeout = TimeSpan.FromSeconds(60) };
        var parser = DocumentParser.CreateDefault(options);
        var outcomes = new List<(string Path, string Format, string Outcome, string? Detail, double Seconds, int Pages)>();
        long peakManaged = 0;
        var total = Stopwatch.StartNew();

        foreach (var (path, format) in files)
        {
            var watch = Stopwatch.StartNew();
            string outcome;
            string? detail = null;
            var pages = 0;
            try
            {
                await using var stream = File.OpenRead(Path.Combine(corpus, path));
                var document = await parser.ParseAsync(stream, Path.GetFileName(path));
                pages = document.Pages;
                var bad = document.Blocks.FirstOrDefault(b => document.Text[b.Start..b.End] != b.Text);
                outcome = bad is null ? "parsed" : "offset-error";
                detail = bad is null ? null : $"block at {bad.Start}";
            }
            catch (DocumentParseException e)
            {
                outcome = e.ErrorCode;
                if (e.InnerException is OperationCanceledException or TimeoutException)
                {
                    outcome += " (timeout)";
                }
                else if (e.InnerException is { } inner)
                {
                    detail = $"{inner.GetType().Name}: {inner.Message}";
                }
            }
#pragma warning disable CA1031 // the point of this command is to count what escapes
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome = "unhandled";
                detail = $"{e.GetType().Name}: {e.Message}";
            }

            peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
            outcomes.Add((path, format, outcome, detail, watch.Elapsed.TotalSeconds, pages));
            if (outcome is not "parsed" && !outcome.StartsWith("unsupported", StringComparison.Ordinal))
            {
                Console.WriteLine($"{outcome,-40} {watch.Elapsed.TotalSeconds,6:F1}s {path} {detail}");
            }
        }

        var report = Report(args, outcomes, peakManaged, total.Elapsed);
        Console.WriteLine(report);
        if (write)
        {
            ReportFile.WriteSection("EVAL.md", subset is null ? "Parser robustness: the whole corpus" : "Parser robustness: CI subset", report);
        }

        return outcomes.Any(o => o.Outcome is "unhandled" or "offset-error") ? 1 : 0;
    }

    private static string Report(string[] args, List<(string Path, string Format, string Outcome, string? Detail, double Seconds, int Pages)> outcomes, long peakManaged, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine($"Command: `{string.Join(' ', ["dotnet run -c Release --project eval-sets/Folio.Eval -- corpus", .. args])}`");
        text.AppendLine();
        text.AppendLine($"{outcomes.Count} files in {elapsed.TotalSeconds:F0} s; slowest {outcomes.Max(o => o.Seconds):F1} s; " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB, peak managed heap seen {peakManaged / (1024 * 1024)} MiB.");
        text.AppendLine($"Unhandled exceptions: {outcomes.Count(o => o.Outcome == "unhandled")}; offset errors: {outcomes.Count(o => o.Outcome == "offset-error")}; " +
            $"timeouts: {outcomes.Count(o => o.Outcome.EndsWith("(timeout)", StringComparison.Ordinal))}.");
        var libraryExceptions = outcomes.Where(o => o.Detail is not null && o.Outcome is not ("unhandled" or "offset-error"))
            .GroupBy(o => o.Detail![..o.Detail!.IndexOf(':', StringComparison.Ordinal)])
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}");
        text.AppendLine($"Library exceptions behind typed rejections (damaged, fuzzed or encrypted files): {string.Join(", ", libraryExceptions)}.");
        text.AppendLine();
        var outcomeNames = outcomes.Select(o => o.Outcome).Distinct().Order(StringComparer.Ordinal).ToList();
        text.AppendLine("| format (manifest) | files | " + string.Join(" | ", outcomeNames) + " |");
        text.AppendLine("|---|---:|" + string.Concat(outcomeNames.Select(_ => "---:|")));
        foreach (var group in outcomes.GroupBy(o => o.Format).OrderByDescending(g => g.Count()))
        {
            text.AppendLine($"| {group.Key} | {group.Count()} | " + string.Join(" | ", outcomeNames.Select(n => group.Count(o => o.Outcome == n))) + " |");
        }

        var crashes = outcomes.Where(o => o.Outcome is "unhandled" or "offset-error").Concat(outcomes.Where(o => o.Detail is not null)).Take(12).ToList();
        if (crashes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Examples (untyped escapes and offset errors first, then rejections with their library exception):");
            text.AppendLine();
            foreach (var crash in crashes)
            {
                text.AppendLine($"- `{crash.Path}`: {crash.Outcome}, {crash.Detail?.ReplaceLineEndings(" ")}");
            }
        }

        return text.ToString();
    }

    private static List<(string Path, string Format)> ListFiles(string corpus, string? subset)
    {
        var formats = Corpus.Entries(corpus).ToDictionary(e => e.Path, e => e.Format);
        var paths = subset is not null
            ? File.ReadLines(subset).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Trim())
            : formats.Keys;
        return paths.Where(p => File.Exists(Path.Combine(corpus, p)))
            .Select(p => (p, formats.GetValueOrDefault(p, Path.GetExtension(p).TrimStart('.'))))
            .ToList();
    }
}
