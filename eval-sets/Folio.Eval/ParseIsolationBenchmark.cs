using System.Diagnostics;
using System.Globalization;
using System.Text;
using Folio.Extraction;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Eval;

/// <summary>
/// <c>parse-isolation-bench</c>: what parsing in a <c>Folio.Parser</c> worker process costs against parsing
/// in this process, both through <see cref="ParserPool"/> with the default limits, on the R reference manual
/// (fullrefman.pdf, 2,415 pages) and on the first <c>--files</c> text PDFs of the corpus (many small
/// documents: the fixed cost per document shows there). The two modes take turns file by file, <c>--rounds</c> times, so
/// machine noise hits both alike; each figure is the median round. Both are warmed up first (the worker's
/// JIT included), as a long-running service is; a fresh worker's first parse is reported apart.
/// </summary>
internal static class ParseIsolationBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var corpus = Arguments.Option(args, "--corpus") ?? Corpus.DefaultRoot();
        var count = int.Parse(Arguments.Option(args, "--files") ?? "40", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arguments.Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var write = !args.Contains("--no-write");
        var refman = Directory.Exists(Path.Combine(corpus, "debian"))
            ? Directory.EnumerateFiles(Path.Combine(corpus, "debian"), "fullrefman.pdf", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (refman is null)
        {
            Console.Error.WriteLine($"fullrefman.pdf not found under {corpus}; materialise the corpus with ../shared/eval/corpus/get.sh");
            return 1;
        }

        var sample = Corpus.TextPdfs(corpus, Corpus.Manifest()).Where(f => f != refman).Take(count).Select(f => (f, File.ReadAllBytes(f))).ToList();
        var manual = File.ReadAllBytes(refman);
        using var inProcess = new ParserPool(new ParsingOptions { Isolation = ParseIsolation.InProcess }, NullLogger<ParserPool>.Instance);
        using var worker = new ParserPool(new ParsingOptions { Isolation = ParseIsolation.Process }, NullLogger<ParserPool>.Instance);

        var small = sample.Count > 0 ? sample[0] : (refman, manual);
        var coldWatch = Stopwatch.StartNew();
        await ParseAsync(worker, [small]);
        var cold = coldWatch.Elapsed.TotalSeconds;
        await ParseAsync(inProcess, [small]);
        var warm = (await TimeOnceAsync(worker, [small])).Wall;

        var manualTimes = (InProcess: new List<Cost>(), Worker: new List<Cost>());
        var sampleTimes = (InProcess: new List<Cost>(), Worker: new List<Cost>());
        for (var round = 0; round < rounds; round++)
        {
            // File by file, the modes in turn (which goes first alternates by round), so load from other
            // processes on the machine falls on both alike.
            var (manualIn, manualWorker) = await TimePairAsync(inProcess, worker, ("fullrefman.pdf", manual), round);
            manualTimes.InProcess.Add(manualIn);
            manualTimes.Worker.Add(manualWorker);
            var (sampleIn, sampleWorker) = (new Cost(0, 0), new Cost(0, 0));
            foreach (var file in sample)
            {
                var (fileIn, fileWorker) = await TimePairAsync(inProcess, worker, file, round);
                (sampleIn, sampleWorker) = (sampleIn + fileIn, sampleWorker + fileWorker);
            }

            sampleTimes.InProcess.Add(sampleIn);
            sampleTimes.Worker.Add(sampleWorker);
        }

        var parsed = await inProcess.ParseAsync(new MemoryStream(manual), "fullrefman.pdf");
        var pages = parsed.Pages;
        var (encode, decode, bytes) = RoundTrip(parsed);
        var samplePages = await ParseAsync(inProcess, sample);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project eval-sets/Folio.Eval -- parse-isolation-bench --files {count} --rounds {rounds}` ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average at start {LoadAverage()}).");
        report.AppendLine();
        report.AppendLine("Peer: the same `ParserPool.ParseAsync` with `Parsing:Isolation=InProcess`, same files, same run, the two modes taking turns file by file (which goes first alternates by round); median of the rounds. Worker = `Isolation=Process` (default): the file's bytes go to a reused `Folio.Parser` process over its stdin, the parsed document (blocks, spans, boxes, word boxes) comes back in binary over its stdout. Both warmed up first.");
        report.AppendLine();
        report.AppendLine("| files | pages | wall: in process | wall: worker | **wall ratio** | CPU: in process | CPU: parent + worker | **CPU ratio** |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Row(report, "fullrefman.pdf (R reference manual)", pages, manualTimes.InProcess, manualTimes.Worker);
        if (sample.Count > 0)
        {
            Row(report, $"{sample.Count} corpus text PDFs, one after the other", samplePages, sampleTimes.InProcess, sampleTimes.Worker);
        }

        report.AppendLine();
        report.AppendLine("Goal (issue 9): parsing in the worker costs at most 10 % more than in process on the R reference manual. When the load average is far above the core count, wall times mostly measure waiting for a core; the CPU ratio (this process plus the worker, both measured) is then the cost to read.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Where the worker's extra time goes, measured alone on the manual's parsed document ({parsed.WordBoxes.Count:N0} word boxes, {parsed.Blocks.Count:N0} blocks): the binary reply is {bytes / (1024.0 * 1024):F0} MiB, {encode * 1000:F0} ms to write in the worker and {decode * 1000:F0} ms to read back; the rest is the pipe and two processes sharing the cores.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"A fresh worker's first document ({Path.GetFileName(small.Item1)}: process start and JIT included): {cold * 1000:F0} ms; the same file in the warm worker: {warm * 1000:F0} ms. A worker is started once and reused; a crash or a deadline replaces it.");
        Console.WriteLine(report);
        if (write)
        {
            ReportFile.WriteSection("BENCHMARKS.md", "Parsing in a worker process (parse-isolation-bench)", report.ToString());
        }

        return 0;
    }

    private static void Row(StringBuilder report, string name, int pages, List<Cost> inProcess, List<Cost> worker)
    {
        var (wallIn, wallWorker) = (Median(inProcess.Select(c => c.Wall)), Median(worker.Select(c => c.Wall)));
        var (cpuIn, cpuWorker) = (Median(inProcess.Select(c => c.Cpu)), Median(worker.Select(c => c.Cpu)));
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {pages:N0} | {wallIn:F2} s | {wallWorker:F2} s | **{wallWorker / wallIn:F3}** | {cpuIn:F2} s | {cpuWorker:F2} s | **{cpuWorker / cpuIn:F3}** |");
    }

    private static async Task<(Cost InProcess, Cost Worker)> TimePairAsync(ParserPool inProcess, ParserPool worker, (string, byte[]) file, int round)
    {
        if (round % 2 == 0)
        {
            var first = await TimeOnceAsync(inProcess, [file]);
            return (first, await TimeOnceAsync(worker, [file]));
        }

        var second = await TimeOnceAsync(worker, [file]);
        return (await TimeOnceAsync(inProcess, [file]), second);
    }

    // Wall time, and CPU time of this process plus the workers' (processes alive before and after: a worker is reused).
    private static async Task<Cost> TimeOnceAsync(ParserPool pool, List<(string, byte[])> files)
    {
        var cpuBefore = CpuSeconds(pool);
        var watch = Stopwatch.StartNew();
        await ParseAsync(pool, files);
        var wall = watch.Elapsed.TotalSeconds;
        return new Cost(wall, CpuSeconds(pool) - cpuBefore);
    }

    private static double CpuSeconds(ParserPool pool)
    {
        var seconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        foreach (var id in pool.WorkerIds)
        {
            using var worker = Process.GetProcessById(id);
            seconds += worker.TotalProcessorTime.TotalSeconds;
        }

        return seconds;
    }

    private static (double Encode, double Decode, long Bytes) RoundTrip(ParsedDocument document)
    {
        using var buffer = new MemoryStream();
        var watch = Stopwatch.StartNew();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            Folio.Extraction.Isolation.ParsedDocumentBinary.Write(writer, document);
        }

        var encode = watch.Elapsed.TotalSeconds;
        buffer.Position = 0;
        watch.Restart();
        using (var reader = new BinaryReader(buffer, Encoding.UTF8, leaveOpen: true))
        {
            Folio.Extraction.Isolation.ParsedDocumentBinary.Read(reader);
        }

        return (encode, watch.Elapsed.TotalSeconds, buffer.Length);
    }

    private static async Task<int> ParseAsync(ParserPool pool, List<(string Path, byte[] Bytes)> files)
    {
        var pages = 0;
        foreach (var (path, bytes) in files)
        {
            try
            {
                pages += (await pool.ParseAsync(new MemoryStream(bytes), Path.GetFileName(path))).Pages;
            }
            catch (DocumentParseException)
            {
                // Same files in both modes; a failure only shortens both alike.
            }
        }

        return pages;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record Cost(double Wall, double Cpu)
    {
        public static Cost operator +(Cost a, Cost b) => new(a.Wall + b.Wall, a.Cpu + b.Cpu);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
