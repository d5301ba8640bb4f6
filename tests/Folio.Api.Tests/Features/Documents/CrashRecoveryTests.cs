extern alias FolioEval;

using System.Net;
using System.Text;
using Folio.Retrieval.Index;
using static Folio.Api.Tests.ApiClient;
using FolioProcess = FolioEval::Folio.Eval.FolioProcess;

namespace Folio.Api.Tests.Features.Documents;

/// <summary>
/// Kills a real Folio process (SIGKILL) while it ingests, twice, then restarts it: every document
/// must end ready exactly once — its chunk count in the index equal to the chunks it was cut into —
/// and a document deleted along the way must leave no vector or keyword entry.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string Collection = "crash";
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "folio-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Documents_survive_kills_mid_ingestion_and_are_indexed_exactly_once()
    {
        var files = Enumerable.Range(0, 8).Select(i => (Encoding.UTF8.GetBytes(Report(i)), $"report-{i}.txt")).ToList();
        var ids = new List<string>();

        await using (var first = await FolioProcess.StartAsync(_dataFolder))
        {
            var (status, upload) = await SendAsync(first.Client, HttpMethod.Post, "/v1/documents", Upload(files, Collection));
            Assert.Equal(HttpStatusCode.Accepted, status);
            ids.AddRange(upload.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()!));
            await WaitForAsync(first.Client, ids, d => d.GetProperty("progress").GetProperty("stage").GetString() is "embed" or "index" or "done");
            await first.KillAsync();
        }

        string deleted;
        await using (var second = await FolioProcess.StartAsync(_dataFolder))
        {
            await WaitForAsync(second.Client, ids, d => d.GetProperty("status").GetString() == "ready");
            deleted = ids[^1];
            Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(second.Client, HttpMethod.Delete, $"/v1/documents/{deleted}")).Status);
            await second.KillAsync();
        }

        var expected = new Dictionary<string, int>();
        await using (var third = await FolioProcess.StartAsync(_dataFolder))
        {
            foreach (var id in ids.Where(id => id != deleted))
            {
                var document = await WaitUntilSettledAsync(third.Client, id, TimeSpan.FromMinutes(3));
                Assert.Equal("ready", document.GetProperty("status").GetString());
                var (_, chunks) = await SendAsync(third.Client, HttpMethod.Get, $"/v1/documents/{id}/chunks");
                Assert.Equal(document.GetProperty("chunks").GetInt32(), chunks.GetProperty("chunks").GetArrayLength());
                expected[id] = document.GetProperty("chunks").GetInt32();
            }

            Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(third.Client, HttpMethod.Get, $"/v1/documents/{deleted}")).Status);
            var (_, list) = await SendAsync(third.Client, HttpMethod.Get, $"/v1/documents?collection={Collection}");
            var listed = list.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
            Assert.True(listed.Order().SequenceEqual(ids.Where(id => id != deleted).Order()), $"listed {string.Join(",", listed)}; uploaded {string.Join(",", ids)}; deleted {deleted}");
        }

        using var index = OpenIndex();
        foreach (var (id, chunks) in expected)
        {
            Assert.Equal(chunks, await index.CountAsync(new ChunkFilter(Collection, [id])));
        }

        Assert.Equal(0, await index.CountAsync(new ChunkFilter(Collection, [deleted])));
        Assert.Equal(expected.Values.Sum(), await index.CountAsync(new ChunkFilter(Collection)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    private EmbeddedChunkIndex OpenIndex() => new(_dataFolder, new IndexOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<EmbeddedChunkIndex>.Instance);

    /// <summary>Polls until at least one document meets the condition (a moment worth killing the process at).</summary>
    private static async Task WaitForAsync(HttpClient client, IReadOnlyList<string> ids, Func<System.Text.Json.JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in ids)
            {
                var (status, body) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}");
                if (status == HttpStatusCode.OK && condition(body))
                {
                    return;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No document reached the awaited state.");
    }

    /// <summary>A generated report of a few thousand words, several chunks long, different for each <paramref name="seed"/>.</summary>
    private static string Report(int seed)
    {
        var random = new Random(seed);
        string[] words = ["valve", "pressure", "turbine", "inspection", "quarterly", "revenue", "contract", "clause", "delivery", "warranty",
            "maintenance", "schedule", "invoice", "payment", "supplier", "engineer", "safety", "report", "budget", "audit"];
        var text = new StringBuilder($"Report {seed}\n\n");
        for (var paragraph = 0; paragraph < 30; paragraph++)
        {
            for (var sentence = 0; sentence < 5; sentence++)
            {
                text.Append(char.ToUpperInvariant(words[random.Next(words.Length)][0]))
                    .Append(string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[random.Next(words.Length)]))[1..])
                    .Append($" {seed}-{paragraph}-{sentence}. ");
            }

            text.Append("\n\n");
        }

        return text.ToString();
    }
}
