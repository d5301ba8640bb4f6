using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Folio.Extraction.Tests.Office;
using Folio.Extraction.Tests.Pdf;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Extraction.Tests.Isolation;

/// <summary>Parsing in <c>Folio.Parser</c> worker processes: exact results, and a bad document costs only itself.</summary>
public sealed class ParserPoolTests
{
    // Folio.Parser's TestFaults.HangFileName: with TestFaults on, the worker hangs on this name, ignoring every deadline.
    private const string HangFileName = "folio-test-fault-hang.txt";

    public static TheoryData<string> Fixtures => ["report.pdf", "report.docx", "book.xlsx", "deck.pptx", "table.csv"];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task A_worker_returns_exactly_what_parsing_in_process_returns(string fileName)
    {
        using var pool = Pool(new ParsingOptions());
        var bytes = Fixture(fileName);

        var inProcess = await DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(new MemoryStream(bytes), fileName);
        var inWorker = await pool.ParseAsync(new MemoryStream(bytes), fileName);

        Assert.Equal(Json(inProcess), Json(inWorker));
        // The JSON rounds boxes to 0.01 pt; the worker's must be the very same doubles.
        Assert.Equal(inProcess.WordBoxes, inWorker.WordBoxes);
        Assert.Equal(inProcess.Blocks.Select(b => b.Bbox), inWorker.Blocks.Select(b => b.Bbox));
        Assert.Equal(inProcess.PageSizes, inWorker.PageSizes);
        Assert.NotEmpty(inWorker.Blocks);
    }

    [Fact]
    public async Task A_stack_overflow_in_the_worker_fails_only_its_document()
    {
        using var pool = Pool(new ParsingOptions());
        var first = await pool.ParseAsync(new MemoryStream(Fixture("report.pdf")), "report.pdf");
        var worker = Assert.Single(pool.WorkerIds);

        var error = await Assert.ThrowsAsync<DocumentParseException>(() =>
            pool.ParseAsync(new MemoryStream(HostilePdf.NestedForms(5_000)), "nested-forms.pdf"));

        Assert.Equal(ParseFailure.DocumentUnreadable, error.Failure);
        Assert.Contains("parser stopped", error.Message, StringComparison.Ordinal);
        Assert.True(Exited(worker));
        var next = await pool.ParseAsync(new MemoryStream(Fixture("report.pdf")), "report.pdf");
        Assert.Equal(first.Text, next.Text);
        // The reused worker crashed, then a fresh one to be sure it was this document, then the replacement.
        Assert.Equal(3, pool.WorkersStarted);
    }

    [Fact]
    public async Task A_parse_past_its_deadline_is_killed_and_the_worker_replaced()
    {
        using var pool = Pool(new ParsingOptions { Timeout = TimeSpan.FromSeconds(3) });
        await pool.ParseAsync(new MemoryStream(Fixture("table.csv")), "table.csv");
        var worker = Assert.Single(pool.WorkerIds);

        var error = await Assert.ThrowsAsync<DocumentParseException>(() =>
            pool.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes("never answered")), HangFileName));

        Assert.Equal(ParseFailure.DocumentUnreadable, error.Failure);
        Assert.Contains("it was stopped", error.Message, StringComparison.Ordinal);
        Assert.True(Exited(worker));
        var next = await pool.ParseAsync(new MemoryStream(Fixture("table.csv")), "table.csv");
        Assert.NotEmpty(next.Blocks);
        Assert.DoesNotContain(worker, pool.WorkerIds);
        Assert.Equal(2, pool.WorkersStarted);
    }

    [Fact]
    public async Task Cancelling_a_parse_kills_its_worker()
    {
        using var pool = Pool(new ParsingOptions());
        using var cancel = new CancellationTokenSource();
        var parsing = pool.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes("never answered")), HangFileName, cancel.Token);
        while (pool.WorkerIds.Count == 0)
        {
            await Task.Delay(20);
        }

        var worker = Assert.Single(pool.WorkerIds);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => parsing);
        Assert.True(Exited(worker));
    }

    [Fact]
    public async Task A_document_over_the_worker_memory_limit_fails_as_too_large_and_the_next_one_parses()
    {
        using var pool = Pool(new ParsingOptions { WorkerMemoryBytes = 64L * 1024 * 1024 });
        // 40 MB of text: the bytes, then the decoded UTF-16 string alone is 80 MB.
        var huge = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("pumps and valves and pressure checks\n", 1_100_000)));

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => pool.ParseAsync(new MemoryStream(huge), "huge.txt"));

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
        Assert.Contains("memory limit", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty((await pool.ParseAsync(new MemoryStream(Fixture("table.csv")), "table.csv")).Blocks);
    }

    [Fact]
    public async Task Parses_beyond_the_limit_wait_for_a_free_slot()
    {
        var gate = new SemaphoreSlim(0);
        int inside = 0, most = 0, entered = 0;
        var blocking = new CallbackParser(() =>
        {
            var now = Interlocked.Increment(ref inside);
            Interlocked.Increment(ref entered);
            InterlockedMax(ref most, now);
            gate.Wait();
            Interlocked.Decrement(ref inside);
        });
        var options = new ParsingOptions { Isolation = ParseIsolation.InProcess, MaxConcurrentParses = 2 };
        using var pool = new ParserPool(new DocumentParser([blocking], options), NullLogger<ParserPool>.Instance);

        var parses = Enumerable.Range(0, 5).Select(i => pool.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes($"text {i}")), $"file{i}.txt")).ToList();
        for (var released = 0; released < parses.Count; released++)
        {
            await WaitUntil(() => Volatile.Read(ref entered) >= Math.Min(released + 2, parses.Count));
            // Give a third parse the chance to slip in if the limit did not hold.
            await Task.Delay(100);
            Assert.Equal(Math.Min(released + 2, parses.Count), Volatile.Read(ref entered));
            gate.Release();
        }

        await Task.WhenAll(parses);
        Assert.Equal(2, most);
    }

    private static ParserPool Pool(ParsingOptions options) =>
        new(DocumentParser.CreateDefault(options), NullLogger<ParserPool>.Instance) { TestFaults = true };

    private static byte[] Fixture(string fileName) => fileName switch
    {
        "report.pdf" => PdfFixtures.Report(),
        "report.docx" => OfficeFixtures.Docx().ToArray(),
        "book.xlsx" => OfficeFixtures.Xlsx().ToArray(),
        "deck.pptx" => OfficeFixtures.Pptx().ToArray(),
        _ => Encoding.UTF8.GetBytes("name,count,farm\npig,12,north\ncow,7,\"south, east\"\n"),
    };

    private static string Json(ParsedDocument document) => JsonSerializer.Serialize(document, JsonSerializerOptions.Web);

    private static bool Exited(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(10);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class CallbackParser(Action onParse) : IDocumentParser
    {
        public DocumentFormat Format => DocumentFormat.Text;

        public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
        {
            onParse();
            var builder = new ParsedDocumentBuilder(fileName, "text/plain");
            builder.Add(BlockKind.Paragraph, fileName, 1);
            return builder.Build();
        }
    }
}
