using System.Globalization;
using System.Text;
using Folio.Extraction;

namespace Folio.Eval;

/// <summary>
/// <c>pdf-fidelity</c>: for every text PDF of the full corpus, bag-of-words F1 of our parser's text against
/// <c>pdftotext</c>'s (lower-cased runs of letters and digits, counted as multisets). Reports count,
/// median and 10th percentile in docs/EVAL.md and prints the worst files.
/// </summary>
internal static class PdfFidelity
{
    public static async Task<int> RunAsync(string[] args)
    {
        var corpus = Arguments.Option(args, "--corpus") ?? Corpus.DefaultRoot();
        var limit = int.Parse(Arguments.Option(args, "--limit") ?? "0", CultureInfo.InvariantCulture);
        var write = !args.Contains("--no-write");
        if (!Pdftotext.Available())
        {
            Console.Error.WriteLine("pdftotext not found (apt-get install -y poppler-utils)");
            return 1;
        }

        var files = Corpus.TextPdfs(corpus, Corpus.Manifest());
        if (limit > 0)
        {
            files = files.Take(limit).ToList();
        }

        var parser = DocumentParser.CreateDefault(new ParsingOptions());
        var results = new List<(string File, double F1)>();
        var failures = new List<string>();
        var skipped = 0;
        var lockObject = new object();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (file, ct) =>
        {
            var reference = Pdftotext.Text(file, TimeSpan.FromSeconds(60));
            if (reference is null || Tokens(reference).Count == 0)
            {
                Interlocked.Increment(ref skipped);
                return;
            }

            double f1;
            try
            {
                await using var stream = File.OpenRead(file);
                var document = await parser.ParseAsync(stream, Path.GetFileName(file), ct);
                f1 = F1(Tokens(reference), Tokens(document.Text));
            }
            catch (DocumentParseException e)
            {
                lock (lockObject)
                {
                    failures.Add($"{Path.GetRelativePath(corpus, file)}: {e.ErrorCode}");
                }

                f1 = 0;
            }

            lock (lockObject)
            {
                results.Add((Path.GetRelativePath(corpus, file), f1));
            }
        });

        var scores = results.Select(r => r.F1).Order().ToList();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project eval-sets/Folio.Eval -- pdf-fidelity{(limit > 0 ? $" --limit {limit}" : string.Empty)}`");
        report.AppendLine();
        report.AppendLine("Peer: `pdftotext` (poppler) on the same file. Metric: bag-of-words F1 of lower-cased letter/digit tokens, per file. ");
        report.AppendLine("Files: MANIFEST `format=pdf` under the full corpus, minus notes encrypted/password/broken/fuzzed/damaged/little-or-no-text/timeout, minus files where pdftotext yields no tokens.");
        report.AppendLine();
        report.AppendLine("| files | median F1 | 10th percentile F1 | mean F1 | parse errors |");
        report.AppendLine("|---|---|---|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {scores.Count} | {Percentile(scores, 0.5):F4} | {Percentile(scores, 0.1):F4} | {(scores.Count == 0 ? 0 : scores.Average()):F4} | {failures.Count} |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Skipped (pdftotext failed or no tokens): {skipped}.");
        report.AppendLine();
        report.AppendLine("Worst files:");
        report.AppendLine();
        foreach (var (file, f1) in results.OrderBy(r => r.F1).Take(10))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- `{file}`: {f1:F3}");
        }

        Console.WriteLine(report);
        foreach (var failure in failures)
        {
            Console.WriteLine("error: " + failure);
        }

        if (write)
        {
            ReportFile.WriteSection("EVAL.md", "PDF fidelity vs pdftotext", report.ToString());
        }

        return 0;
    }

    internal static Dictionary<string, int> Tokens(string text)
    {
        var tokens = new Dictionary<string, int>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                Count(tokens, current);
            }
        }

        if (current.Length > 0)
        {
            Count(tokens, current);
        }

        return tokens;
    }

    private static void Count(Dictionary<string, int> tokens, StringBuilder current)
    {
        var token = current.ToString();
        tokens[token] = tokens.GetValueOrDefault(token) + 1;
        current.Clear();
    }

    internal static double F1(Dictionary<string, int> reference, Dictionary<string, int> candidate)
    {
        long common = 0;
        foreach (var (token, count) in reference)
        {
            common += Math.Min(count, candidate.GetValueOrDefault(token));
        }

        var referenceTotal = reference.Values.Sum(c => (long)c);
        var candidateTotal = candidate.Values.Sum(c => (long)c);
        if (common == 0)
        {
            return 0;
        }

        var precision = (double)common / candidateTotal;
        var recall = (double)common / referenceTotal;
        return 2 * precision * recall / (precision + recall);
    }

    internal static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[(int)Math.Clamp(Math.Floor(q * (sorted.Count - 1)), 0, sorted.Count - 1)];

}
