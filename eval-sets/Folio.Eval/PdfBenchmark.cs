using System.Diagnostics;
using System.Globalization;
using System.Text;
using Folio.Extraction;
using UglyToad.PdfPig;

namespace Folio.Eval;

/// <summary>
/// <c>pdf-bench</c>: pages per second of our full PDF parser (through <see cref="DocumentParser"/>) against
/// <c>pdftotext</c> (one process per file) and PdfPig's plain <c>page.Text</c>, on the same files in the same
/// run, file by file in turn so machine noise hits all three alike. Files: the R reference manual
/// (fullrefman.pdf, 2,415 pages) plus the first <c>--files</c> text PDFs of the corpus. Memory: managed bytes
/// allocated per page and the process's peak working set.
/// </summary>
internal static class PdfBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var corpus = Arguments.Option(args, "--corpus") ?? Corpus.DefaultRoot();
        var count = int.Parse(Arguments.Option(args, "--files") ?? "40", CultureInfo.InvariantCulture);
        var write = !args.Contains("--no-write");
        if (!Pdftotext.Available())
        {
            Console.Error.WriteLine("pdftotext not found (apt-get install -y poppler-utils)");
            return 1;
        }

        var refman = Directory.EnumerateFiles(Path.Combine(corpus, "debian"), "fullrefman.pdf", SearchOption.AllDirectories).FirstOrDefault();
        var files = Corpus.TextPdfs(corpus, Corpus.Manifest()).Where(f => f != refman).Take(count).ToList();
        var parser = DocumentParser.CreateDefault(new Folio.Extraction.ParsingOptions());

        // Warm-up (JIT) on one small file, not measured.
        if (files.Count > 0)
        {
            await Ours(parser, files[0]);
            PdfPigText(files[0]);
        }

        var rows = new List<Row>();
        if (refman is not null)
        {
            rows.Add(await Measure(parser, refman, "fullrefman.pdf"));
        }

        var corpusRow = new Row("corpus sample", 0, 0, 0, 0, 0);
        foreach (var file in files)
        {
            var row = await Measure(parser, file, file);
            corpusRow = corpusRow with
            {
                Pages = corpusRow.Pages + row.Pages,
                Pdftotext = corpusRow.Pdftotext + row.Pdftotext,
                OursSeconds = corpusRow.OursSeconds + row.OursSeconds,
                PdfPigText = corpusRow.PdfPigText + row.PdfPigText,
                Allocated = corpusRow.Allocated + row.Allocated,
            };
        }

        if (files.Count > 0)
        {
            rows.Add(corpusRow with { Name = $"{files.Count} corpus text PDFs" });
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project eval-sets/Folio.Eval -- pdf-bench --files {count}` ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average at start {LoadAverage()}).");
        report.AppendLine();
        report.AppendLine("Peers, same files, same run, one after the other per file: `pdftotext` (poppler, one process per file, wall time) and PdfPig `page.Text` for every page (no layout). Ours = `DocumentParser.ParseAsync` (words, tables, lines, blocks, reading order, headers/footers, headings, word boxes).");
        report.AppendLine();
        report.AppendLine("| files | pages | pdftotext pages/s | ours pages/s | ours / pdftotext | PdfPig page.Text pages/s | ours / page.Text | allocated per page |");
        report.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.Pages:N0} | {row.Pages / row.Pdftotext:F0} | {row.Pages / row.OursSeconds:F0} | {row.Pdftotext / row.OursSeconds:F2}× | {row.Pages / row.PdfPigText:F0} | {row.PdfPigText / row.OursSeconds:F2}× | {row.Allocated / Math.Max(1, row.Pages) / 1024.0:F0} KiB |");
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set of the whole benchmark process: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB.");
        Console.WriteLine(report);
        if (write)
        {
            ReportFile.WriteSection("BENCHMARKS.md", "PDF parser vs pdftotext", report.ToString());
        }

        return 0;
    }

    private static async Task<Row> Measure(DocumentParser parser, string file, string name)
    {
        var watch = Stopwatch.StartNew();
        Pdftotext.Text(file, TimeSpan.FromMinutes(5));
        var pdftotext = watch.Elapsed.TotalSeconds;

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        watch.Restart();
        var pages = await Ours(parser, file);
        var ours = watch.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        watch.Restart();
        PdfPigText(file);
        var pdfPigText = watch.Elapsed.TotalSeconds;
        return new Row(name, pages, pdftotext, ours, pdfPigText, allocated);
    }

    private static async Task<int> Ours(DocumentParser parser, string file)
    {
        await using var stream = File.OpenRead(file);
        try
        {
            return (await parser.ParseAsync(stream, Path.GetFileName(file))).Pages;
        }
        catch (DocumentParseException)
        {
            return 0;
        }
    }

    private static void PdfPigText(string file)
    {
        try
        {
            using var document = PdfDocument.Open(File.ReadAllBytes(file), new UglyToad.PdfPig.ParsingOptions { UseLenientParsing = true });
            for (var i = 1; i <= document.NumberOfPages; i++)
            {
                _ = document.GetPage(i).Text;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Same files as the peers; a failure here only shortens this peer's time.
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private sealed record Row(string Name, int Pages, double Pdftotext, double OursSeconds, double PdfPigText, long Allocated);
}
