using System.Security.Cryptography;
using System.Text;
using Folio.Extraction;
using Folio.Extraction.Chunking;
using Folio.Extraction.Tests.Isolation;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Folio.Retrieval.Ingestion;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Retrieval.Tests.Ingestion;

public sealed class IngestionWorkerTests : IDisposable
{
    private const string Collection = "ingest";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-ingest-" + Guid.NewGuid().ToString("N"));
    private readonly DocumentStore _store;
    private readonly DocumentFiles _files;
    private readonly EmbeddedChunkIndex _embedded;
    private readonly FlakyChunkIndex _index;
    private readonly DocumentLocks _locks = new();
    private readonly DocumentService _documents;
    private readonly ParserPool _parser = new(new ParsingOptions(), NullLogger<ParserPool>.Instance);
    private readonly TestEmbeddingGenerator _embedder = new() { GenerateAsyncCallback = (texts, _, _) => Task.FromResult(HashVectors(texts)) };

    public IngestionWorkerTests()
    {
        _store = new DocumentStore(_folder);
        _files = new DocumentFiles(_folder);
        _embedded = new EmbeddedChunkIndex(_folder, new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);
        _index = new FlakyChunkIndex(_embedded);
        _documents = new DocumentService(_store, _files, _index, _locks, NullLogger<DocumentService>.Instance);
    }

    [Fact]
    public async Task Transient_index_failures_are_retried_until_the_document_is_ready()
    {
        _index.FailuresLeft = 2;
        var id = await AddAsync(Encoding.UTF8.GetBytes(LongText()), "retry.txt");

        var document = await RunUntilSettledAsync(id);

        Assert.Equal(DocumentStatus.Ready, document.Status);
        Assert.Equal(2, document.Attempts);
        Assert.Equal(document.Chunks, await _index.CountAsync(new ChunkFilter(Collection, [id])));
        Assert.True(document.Chunks > 1);
        Assert.Equal(document.Chunks, document.ChunksEmbedded);
    }

    [Fact]
    public async Task A_dependency_that_stays_down_fails_the_document_and_leaves_no_vectors()
    {
        _index.FailuresLeft = int.MaxValue;
        var id = await AddAsync(Encoding.UTF8.GetBytes(LongText()), "down.txt");

        var document = await RunUntilSettledAsync(id);

        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.Equal("dependency_unavailable", document.Error?.Code);
        Assert.Equal(0, await _embedded.CountAsync(new ChunkFilter(Collection, [id])));
    }

    [Fact]
    public async Task A_corrupt_file_fails_at_once_with_the_parser_error_code()
    {
        var id = await AddAsync(Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not a zip at all"), "corrupt.docx");

        var document = await RunUntilSettledAsync(id);

        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.Equal("document_unreadable", document.Error?.Code);
        Assert.Equal(0, document.Attempts);
    }

    [Fact]
    public async Task A_document_interrupted_at_any_stage_resumes_and_is_indexed_once()
    {
        foreach (var stopAfter in new[] { IngestionStage.Chunk, IngestionStage.Embed, IngestionStage.Index })
        {
            var id = await AddAsync(Encoding.UTF8.GetBytes(LongText() + stopAfter), $"stop-{stopAfter}.txt");
            var claimed = (await _store.ClaimNextAsync())!;

            // Interrupt the first run once it has recorded the stage (the embedder runs in Embed, the
            // index in Index), as a kill would; then requeue as a restart does and run again to the end.
            using var interrupt = new CancellationTokenSource();
            void InterruptAtStage()
            {
                if (_store.GetAsync(id).Result!.Stage >= stopAfter)
                {
                    interrupt.Cancel();
                }
            }

            _embedder.GenerateAsyncCallback = (texts, _, _) =>
            {
                InterruptAtStage();
                return Task.FromResult(HashVectors(texts));
            };
            _index.OnUpsert = InterruptAtStage;
            var pipeline = Pipeline(new IngestionOptions { EmbedBatchSize = 2 });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.RunAsync(claimed, interrupt.Token));
            (_embedder.GenerateAsyncCallback, _index.OnUpsert) = ((texts, _, _) => Task.FromResult(HashVectors(texts)), null);

            Assert.Equal(1, (await _store.RequeueInterruptedAsync(maxClaims: 3)).Requeued);
            var document = await RunUntilSettledAsync(id);

            Assert.Equal(DocumentStatus.Ready, document.Status);
            Assert.Equal(document.Chunks, await _index.CountAsync(new ChunkFilter(Collection, [id])));
        }
    }

    [Fact]
    public async Task A_document_that_keeps_killing_the_process_fails_instead_of_looping()
    {
        var id = await AddAsync(Encoding.UTF8.GetBytes("poison " + Guid.NewGuid()), "poison.txt");

        // Three starts each claim it and die before finishing, as a parser stack overflow would.
        for (var start = 0; start < 3; start++)
        {
            Assert.Equal(id, (await _store.ClaimNextAsync())!.Id);
            var (requeued, failed) = await _store.RequeueInterruptedAsync(maxClaims: 3);
            Assert.Equal(start < 2 ? (1, 0) : (0, 1), (requeued, failed.Count));
        }

        var document = (await _store.GetAsync(id))!;
        Assert.Equal(DocumentStatus.Failed, document.Status);
        Assert.Equal("document_unreadable", document.Error?.Code);
        Assert.Null(await _store.ClaimNextAsync());
    }

    [Fact]
    public async Task Graceful_restarts_do_not_count_towards_MaxClaims()
    {
        var id = await AddAsync(Encoding.UTF8.GetBytes(LongText() + " restarts"), "restarts.txt");
        var options = new IngestionOptions { Workers = 2, MaxClaims = 1, RetryDelay = TimeSpan.FromMilliseconds(10) };

        // Three starts each stop gracefully while the document is being embedded: none of them is a crash.
        for (var start = 0; start < 3; start++)
        {
            using var embedding = new SemaphoreSlim(0);
            _embedder.GenerateAsyncCallback = async (_, _, cancellationToken) =>
            {
                embedding.Release();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            };
            using var signal = new IngestionSignal();
            using var worker = new IngestionWorker(_store, _documents, Pipeline(options), signal, options, NullLogger<IngestionWorker>.Instance);
            await worker.StartAsync(CancellationToken.None);
            Assert.True(await embedding.WaitAsync(TimeSpan.FromSeconds(30)));
            await worker.StopAsync(CancellationToken.None);

            Assert.Equal(DocumentStatus.Queued, (await _store.GetAsync(id))!.Status);
        }

        _embedder.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(HashVectors(texts));
        Assert.Equal(DocumentStatus.Ready, (await RunUntilSettledAsync(id)).Status);
    }

    [Fact]
    public async Task A_document_that_crashes_the_parser_fails_alone_while_the_other_worker_finishes()
    {
        var crashing = await AddAsync(HostilePdf.NestedForms(5_000), "nested-forms.pdf");
        var healthy = await AddAsync(Encoding.UTF8.GetBytes(LongText() + " healthy"), "healthy.txt");

        var failed = await RunUntilSettledAsync(crashing, workers: 2);
        var ready = await RunUntilSettledAsync(healthy, workers: 2);

        Assert.Equal((DocumentStatus.Failed, "document_unreadable"), (failed.Status, failed.Error?.Code));
        Assert.Equal(DocumentStatus.Ready, ready.Status);
        Assert.Equal(0, await _embedded.CountAsync(new ChunkFilter(Collection, [crashing])));
    }

    [Fact]
    public async Task Uploading_a_failed_document_again_queues_it_from_the_start()
    {
        var bytes = Encoding.ASCII.GetBytes("PK\u0003\u0004 not a zip " + Guid.NewGuid());
        var id = await AddAsync(bytes, "broken.docx");
        Assert.Equal(DocumentStatus.Failed, (await RunUntilSettledAsync(id)).Status);

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (again, created) = await _store.AddAsync(Collection, "broken.docx", "text/plain", sha, new Dictionary<string, string>());

        Assert.False(created);
        Assert.Equal(id, again.Id);
        Assert.Equal(DocumentStatus.Queued, again.Status);
        Assert.Equal(IngestionStage.Parse, again.Stage);
        Assert.Null(again.Error);
    }

    [Fact]
    public async Task A_worker_still_busy_with_a_deleted_document_cannot_touch_its_new_upload()
    {
        var bytes = Encoding.UTF8.GetBytes(LongText() + " generations");
        var id = await AddAsync(bytes, "again.txt");
        var old = (await _store.ClaimNextAsync())!;

        // Deleted and uploaded again while the old worker still holds its claim.
        await _store.DeleteAsync(id);
        var renewed = await AddAsync(bytes, "again.txt");
        await Pipeline(new IngestionOptions()).RunAsync(old);

        var current = (await _store.GetAsync(id))!;
        Assert.Equal(id, renewed);
        Assert.NotEqual(old.Generation, current.Generation);
        Assert.Equal((DocumentStatus.Queued, IngestionStage.Parse), (current.Status, current.Stage));
        await using (var original = _files.OpenOriginal(id))
        {
            Assert.NotNull(original);
        }

        Assert.Equal(DocumentStatus.Ready, (await RunUntilSettledAsync(id)).Status);
    }

    public void Dispose()
    {
        _embedded.Dispose();
        _locks.Dispose();
        _embedder.Dispose();
        _parser.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private IngestionPipeline Pipeline(IngestionOptions options) => new(_store, _files, _documents, _parser,
        new StructureChunker(new WordCounter(), new ChunkingOptions { MaxTokens = 40, MinTokens = 0 }), _embedder, options, NullLogger<IngestionPipeline>.Instance);

    private async Task<string> AddAsync(byte[] bytes, string fileName)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var upload = Path.Combine(_folder, "upload-" + sha);
        await File.WriteAllBytesAsync(upload, bytes);
        return (await _documents.AddAsync(Collection, fileName, "text/plain", sha, new Dictionary<string, string>(), upload)).Document.Id;
    }

    private async Task<DocumentRecord> RunUntilSettledAsync(string id, int workers = 1)
    {
        var options = new IngestionOptions { Workers = workers, MaxAttempts = 4, RetryDelay = TimeSpan.FromMilliseconds(10) };
        using var signal = new IngestionSignal();
        using var worker = new IngestionWorker(_store, _documents, Pipeline(options), signal, options, NullLogger<IngestionWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                var document = (await _store.GetAsync(id))!;
                if (document.Status is DocumentStatus.Ready or DocumentStatus.Failed || DateTime.UtcNow > deadline)
                {
                    return document;
                }

                await Task.Delay(20);
            }
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>8-dimensional unit vectors from a hash of each text: fast, deterministic, distinct.</summary>
    private static GeneratedEmbeddings<Embedding<float>> HashVectors(IEnumerable<string> texts) => new(texts.Select(t =>
    {
        var vector = SHA256.HashData(Encoding.UTF8.GetBytes(t)).Take(8).Select(b => b / 255f + 0.01f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return new Embedding<float>(vector.Select(v => v / norm).ToArray());
    }));

    private static string LongText() => string.Join("\n\n", Enumerable.Range(0, 12).Select(i =>
        $"Paragraph {i} talks about valves, pumps and pressure checks in enough words to fill part of a chunk."));

    private sealed class WordCounter : ITokenCounter
    {
        public int CountTokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
