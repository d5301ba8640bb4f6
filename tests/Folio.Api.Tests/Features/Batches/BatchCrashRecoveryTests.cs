extern alias FolioEval;

using System.Text.Json;
using Folio.Api.Features.Batches;
using static Folio.Api.Tests.Features.Batches.BatchApi;
using FolioProcess = FolioEval::Folio.Eval.FolioProcess;

namespace Folio.Api.Tests.Features.Batches;

/// <summary>
/// Acceptance 2: a real Folio process killed (SIGKILL) in the middle of a 200-line batch, then restarted, finishes it with
/// every custom_id exactly once, and the lines finished before the kill are not run again (their request ids survive).
/// </summary>
public sealed class BatchCrashRecoveryTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "folio-batch-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_batch_killed_mid_run_finishes_after_restart_with_each_line_once()
    {
        // One line at a time, so the kill lands in the middle.
        var settings = new Dictionary<string, string> { ["Folio__Batches__Concurrency"] = "1" };
        string batchId;
        IReadOnlyList<string> invoices;
        await using (var first = await FolioProcess.StartAsync(_dataFolder, settings))
        {
            invoices = await IngestAsync(first.Client, "crash", Enumerable.Range(0, 10).Select(Invoice));
            var schema = JsonDocument.Parse(Schema).RootElement;
            var file = await UploadAsync(first.Client, Enumerable.Range(0, 200).Select(i => Line($"c-{i}", "/v1/extractions", new { documentId = invoices[i % 10], schema })));
            batchId = (await CreateAsync(first.Client, file, "/v1/extractions")).GetProperty("id").GetString()!;
            await WaitAsync(first.Client, batchId, b => BatchEndToEndTests.Counts(b).Completed >= 10);
            await first.KillAsync();
        }

        var beforeRestart = await new BatchStore(_dataFolder).ResultsAsync(batchId);
        Assert.InRange(beforeRestart.Count, 10, 199);

        await using var second = await FolioProcess.StartAsync(_dataFolder, settings);
        var batch = await WaitUntilEndedAsync(second.Client, batchId);

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((200, 200, 0), BatchEndToEndTests.Counts(batch));
        var output = await LinesAsync(second.Client, batch, "output_file_id");
        Assert.Empty(await LinesAsync(second.Client, batch, "error_file_id"));
        BatchEndToEndTests.AssertEachCustomIdOnce(200, output);
        var requestIds = output.ToDictionary(l => l.GetProperty("custom_id").GetString()!, l => l.GetProperty("response").GetProperty("request_id").GetString());
        foreach (var done in beforeRestart)
        {
            Assert.Equal(done.RequestId, requestIds[done.CustomId]);
        }

        foreach (var line in output)
        {
            var i = int.Parse(line.GetProperty("custom_id").GetString()!["c-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(InvoiceNumber(i % 10), line.GetProperty("response").GetProperty("body").GetProperty("data").GetProperty("invoice_number").GetString());
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}
