extern alias FolioEval;

using FolioEval::Folio.Eval;
using FolioEval::Folio.Eval.Load;
using FolioEval::Folio.Eval.Retrieval;

namespace Folio.Api.Tests.Features.Search;

/// <summary>
/// 16 clients on loopback for 60 s: searches in every mode while documents are uploaded (some broken)
/// and deleted mid-ingestion, against a real Folio process. Nothing may answer 5xx, and every upload
/// must end ready or failed with its error code. Latency is measured by <c>load-bench</c>, not here.
/// </summary>
public sealed class SearchUnderLoadTests
{
    [Fact]
    public async Task Mixed_search_and_ingestion_load_answers_no_5xx_and_every_upload_settles()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "folio-load-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var folio = await FolioProcess.StartAsync(dataFolder);
            var set = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", "xquad_en"));
            var run = new LoadRun(folio.Client, set, "load");
            await run.SeedAsync(documents: 60, CancellationToken.None);

            var report = await run.RunAsync(searchers: 14, writers: 2, TimeSpan.FromSeconds(60), CancellationToken.None);

            Assert.True(report.Searches > 100, report.Summary());
            Assert.Empty(report.Failures);
            Assert.True(report.ServerErrors == 0, report.Summary());
            Assert.NotEmpty(report.Uploaded);
            Assert.NotEmpty(report.Deleted);
            Assert.All(report.Settled.Values, s => Assert.True(
                s.Status == "ready" || (s.Status == "failed" && !string.IsNullOrEmpty(s.Code)),
                $"an upload ended {s.Status} {s.Code}"));
            Assert.Contains(report.Settled.Values, s => s.Status == "failed");
        }
        finally
        {
            if (Directory.Exists(dataFolder))
            {
                Directory.Delete(dataFolder, recursive: true);
            }
        }
    }
}
