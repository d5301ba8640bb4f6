extern alias FolioEval;

using System.Net;
using System.Text;
using System.Text.Json;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Microsoft.Extensions.Logging.Abstractions;
using static Folio.Api.Tests.ApiClient;
using FolioProcess = FolioEval::Folio.Eval.FolioProcess;

namespace Folio.Api.Tests.Features.Documents;

/// <summary>
/// Deletes across a kill (SIGKILL) and a restart of a real Folio process: a document deleted mid-ingestion
/// just before the kill, and what a crash can leave behind — a document whose row is gone but whose chunks
/// and folder stayed, and a ready document whose chunks the index lost — are found and put right at start-up.
/// </summary>
public sealed class DeleteAcrossRestartTests : IDisposable
{
    private const string Collection = "restart";
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "folio-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Nothing_of_a_deleted_document_survives_a_kill_and_start_up_repairs_what_a_crash_left()
    {
        string[] markers = ["alderwick", "brambleton", "corvallian", "dunmorrow", "eskerfield"];
        var ids = new Dictionary<string, string>();
        await using (var first = await FolioProcess.StartAsync(_dataFolder))
        {
            foreach (var marker in markers[..4])
            {
                ids[marker] = await UploadAsync(first.Client, marker);
            }

            foreach (var id in ids.Values)
            {
                Assert.Equal("ready", (await WaitUntilSettledAsync(first.Client, id, TimeSpan.FromMinutes(3))).GetProperty("status").GetString());
            }

            Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(first.Client, HttpMethod.Delete, $"/v1/documents/{ids["alderwick"]}")).Status);

            // Deleted while it is being embedded or indexed, then the process dies at once.
            ids["eskerfield"] = await UploadAsync(first.Client, "eskerfield");
            await WaitForStageAsync(first.Client, ids["eskerfield"], "embed", "index");
            Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(first.Client, HttpMethod.Delete, $"/v1/documents/{ids["eskerfield"]}")).Status);
            await first.KillAsync();
        }

        // A crash between a delete's steps leaves brambleton's chunks and folder without a row; power loss
        // can leave corvallian ready with chunks the index never kept.
        var corvallianChunks = await CountAsync(ids["corvallian"]);
        Assert.True(await new DocumentStore(_dataFolder).DeleteAsync(ids["brambleton"]));
        using (var index = OpenIndex())
        {
            await index.DeleteDocumentAsync(Collection, ids["corvallian"]);
        }

        await using (var second = await FolioProcess.StartAsync(_dataFolder))
        {
            // Searchable again only once start-up has queued it again (after removing the leftovers) and a worker indexed it.
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while ((await PostJsonAsync(second.Client, "/v1/search", new { query = "corvallian", collection = Collection, mode = "keyword" })).Body
                   .GetProperty("results").GetArrayLength() == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "corvallian was not indexed again");
                await Task.Delay(100);
            }

            var corvallian = await WaitUntilSettledAsync(second.Client, ids["corvallian"], TimeSpan.FromMinutes(3));
            Assert.Equal("ready", corvallian.GetProperty("status").GetString());
            foreach (var marker in new[] { "alderwick", "brambleton", "eskerfield" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(second.Client, HttpMethod.Get, $"/v1/documents/{ids[marker]}")).Status);
                var (status, found) = await PostJsonAsync(second.Client, "/v1/search", new { query = marker, collection = Collection, mode = "keyword", topK = 100 });
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Empty(found.GetProperty("results").EnumerateArray());
            }

            var (_, dunmorrow) = await PostJsonAsync(second.Client, "/v1/search", new { query = "dunmorrow", collection = Collection, mode = "keyword", topK = 100 });
            Assert.NotEmpty(dunmorrow.GetProperty("results").EnumerateArray());
        }

        Assert.Equal(corvallianChunks, await CountAsync(ids["corvallian"]));
        Assert.True(await CountAsync(ids["dunmorrow"]) > 0);
        foreach (var marker in new[] { "alderwick", "brambleton", "eskerfield" })
        {
            Assert.Equal(0, await CountAsync(ids[marker]));
            Assert.False(Directory.Exists(Path.Combine(_dataFolder, "documents", ids[marker])), $"{marker}'s folder is still there");
        }

        using (var index = OpenIndex())
        {
            var indexed = new List<IndexedDocument>();
            await foreach (var document in index.ListDocumentsAsync())
            {
                indexed.Add(document);
            }

            Assert.Equal(new[] { ids["corvallian"], ids["dunmorrow"] }.Order(), indexed.Select(d => d.DocumentId).Order());
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    private EmbeddedChunkIndex OpenIndex() => new(_dataFolder, new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);

    private async Task<long> CountAsync(string documentId)
    {
        using var index = OpenIndex();
        return await index.CountAsync(new ChunkFilter(Collection, [documentId]));
    }

    private static async Task<string> UploadAsync(HttpClient client, string marker)
    {
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents", Upload([(Encoding.UTF8.GetBytes(Report(marker)), $"{marker}.txt")], Collection));
        Assert.Equal(HttpStatusCode.Accepted, status);
        return body.GetProperty("documents")[0].GetProperty("id").GetString()!;
    }

    private static async Task WaitForStageAsync(HttpClient client, string id, params string[] stages)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var (_, body) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}");
            if (body.ValueKind == JsonValueKind.Object && stages.Contains(body.GetProperty("progress").GetProperty("stage").GetString()))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} never reached {string.Join("/", stages)}: {body}");
            await Task.Delay(20);
        }
    }

    /// <summary>A report of several chunks, each paragraph naming <paramref name="marker"/>, a word no other report has.</summary>
    private static string Report(string marker)
    {
        var random = new Random(marker.GetHashCode(StringComparison.Ordinal));
        string[] words = ["valve", "pressure", "turbine", "inspection", "quarterly", "revenue", "contract", "clause", "delivery", "warranty",
            "maintenance", "schedule", "invoice", "payment", "supplier", "engineer", "safety", "report", "budget", "audit"];
        var text = new StringBuilder($"The {marker} report\n\n");
        for (var paragraph = 0; paragraph < 40; paragraph++)
        {
            text.Append($"In {marker}, ").AppendJoin(' ', Enumerable.Range(0, 60).Select(_ => words[random.Next(words.Length)])).Append(".\n\n");
        }

        return text.ToString();
    }
}
