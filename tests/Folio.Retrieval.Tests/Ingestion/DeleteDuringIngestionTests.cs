using System.Security.Cryptography;
using System.Text;
using Folio.Extraction;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Folio.Retrieval.Ingestion;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Retrieval.Tests.Ingestion;

/// <summary>
/// Deletes a document while the real worker has it in each stage — queued, parsing, chunking, embedding,
/// and between index batches — and finds no chunk row, vector, keyword entry, row or folder of it: at once
/// when the delete returns (no index batch lands after it), and after the worker has moved on to the next document.
/// </summary>
public sealed class DeleteDuringIngestionTests : IDisposable
{
    private const string Collection = "deletes";
    private const int BatchSize = 2;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-deletes-" + Guid.NewGuid().ToString("N"));
    private readonly DocumentStore _store;
    private readonly DocumentFiles _files;
    private readonly EmbeddedChunkIndex _embedded;
    private readonly FlakyChunkIndex _index;
    private readonly DocumentLocks _locks = new();
    private readonly DocumentService _documents;
    private readonly TestEmbeddingGenerator _embedder = new();
    private readonly HookedCounter _counter = new();
    private readonly List<ParserPool> _parsers = [];
    private Action? _onParse;

    public DeleteDuringIngestionTests()
    {
        _store = new DocumentStore(_folder);
        _files = new DocumentFiles(_folder);
        _embedded = new EmbeddedChunkIndex(_folder, new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);
        _index = new FlakyChunkIndex(_embedded);
        _documents = new DocumentService(_store, _files, _index, _locks, NullLogger<DocumentService>.Instance);
    }

    public static TheoryData<string> Stages => ["queued", "parse", "chunk", "embed", "index"];

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task A_document_deleted_in_any_stage_leaves_nothing(string stage)
    {
        var marker = "zorblax" + stage;
        var id = await AddAsync(Text(marker), $"{stage}.txt");
        var sentinel = await AddAsync(Text("sentinel" + stage), "sentinel.txt");
        var deleted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var embedCalls = 0;
        var upserts = 0;
        var upsertsAfterDelete = 0;

        // Each hook fires once, on the document under test (the worker takes it before the sentinel).
        void DeleteNow() => deleted.TrySetResult(_documents.DeleteAsync(id).GetAwaiter().GetResult());
        _onParse = stage == "parse" ? DeleteNow : null;
        _counter.OnCount = stage == "chunk" ? DeleteNow : null;
        _embedder.GenerateAsyncCallback = (texts, _, _) =>
        {
            if (stage == "embed" && ++embedCalls == 2)
            {
                DeleteNow();
            }

            return Task.FromResult(HashVectors(texts));
        };
        _index.OnUpsertBatch = batch =>
        {
            if (batch[0].Chunk.DocumentId != id)
            {
                return;
            }

            if (deleted.Task.IsCompleted)
            {
                upsertsAfterDelete++;
            }

            // The worker holds the document's lock while it upserts: the delete waits for this batch, then
            // wins. (Were the batch not under the lock, the delete would finish within the wait and the next
            // batches would land after it.)
            if (stage == "index" && ++upserts == 3)
            {
                Task.Run(async () => deleted.TrySetResult(await _documents.DeleteAsync(id))).Wait(TimeSpan.FromMilliseconds(500));
            }
        };
        if (stage == "queued")
        {
            deleted.SetResult(await _documents.DeleteAsync(id));
        }

        var options = new IngestionOptions { Workers = 1, EmbedBatchSize = BatchSize, RetryDelay = TimeSpan.FromMilliseconds(10) };
        using var signal = new IngestionSignal();
        using var worker = new IngestionWorker(_store, _documents, Pipeline(options), signal, options, NullLogger<IngestionWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await deleted.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            // At once: a worker may still write the stage file it was making into a new folder (it removes
            // it when it finds the row gone), but nothing of the document is searchable any more.
            await AssertNotIndexedAsync(id, marker);

            var ready = await PollUntilSettledAsync(sentinel);
            Assert.Equal(DocumentStatus.Ready, ready.Status);
            Assert.Equal(ready.Chunks, await _embedded.CountAsync(new ChunkFilter(Collection, [sentinel])));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        await AssertNothingLeftAsync(id, marker);
        Assert.Equal(0, upsertsAfterDelete);
        if (stage == "index")
        {
            // The sentinel is cut like the document: it too had batches left after the third.
            Assert.True(await _embedded.CountAsync(new ChunkFilter(Collection, [sentinel])) > 3 * BatchSize);
        }
    }

    [Fact]
    public async Task Start_up_removes_what_a_crash_left_of_deleted_documents_and_requeues_ready_ones_short_of_chunks()
    {
        var gone = await AddAsync(Text("vanished"), "gone.txt");
        var shorted = await AddAsync(Text("shortened"), "short.txt");
        var intact = await AddAsync(Text("intact"), "intact.txt");
        _embedder.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(HashVectors(texts));
        foreach (var id in new[] { gone, shorted, intact })
        {
            Assert.Equal(DocumentStatus.Ready, (await WaitUntilSettledAsync(id)).Status);
        }

        // What a crash can leave: a row gone but its chunks and folder kept (killed mid-delete, or a batch
        // that landed after it); a ready row whose last chunks the index lost (power loss).
        await _store.DeleteAsync(gone);
        var full = await _embedded.CountAsync(new ChunkFilter(Collection, [shorted]));
        await _embedded.DeleteDocumentAsync(Collection, shorted);
        Directory.CreateDirectory(Path.Combine(_folder, "documents", "d_00000000000000000000"));

        var (removed, requeued) = await _documents.SweepAsync();

        Assert.Equal((3, 1), (removed, requeued)); // gone's chunks and folder, the stray folder; shorted
        await AssertNothingLeftAsync(gone, "vanished");
        Assert.False(Directory.Exists(Path.Combine(_folder, "documents", "d_00000000000000000000")));
        Assert.Equal(DocumentStatus.Queued, (await _store.GetAsync(shorted))!.Status);
        Assert.Equal(DocumentStatus.Ready, (await WaitUntilSettledAsync(shorted)).Status);
        Assert.Equal(full, await _embedded.CountAsync(new ChunkFilter(Collection, [shorted])));
        Assert.Equal(DocumentStatus.Ready, (await _store.GetAsync(intact))!.Status);
        Assert.Equal((0, 0), await _documents.SweepAsync());
    }

    [Fact]
    public async Task Deleting_while_the_same_bytes_are_uploaded_again_never_leaves_a_document_without_its_file()
    {
        var bytes = Encoding.UTF8.GetBytes(Text("raced"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var id = await AddAsync(Text("raced"), "raced.txt");
        for (var round = 0; round < 200; round++)
        {
            var upload = await UploadAsync(bytes);
            await Task.WhenAll(
                Task.Run(() => _documents.DeleteAsync(id)),
                Task.Run(() => _documents.AddAsync(Collection, "raced.txt", "text/plain", sha, new Dictionary<string, string>(), upload)));

            // Whichever came last wins, but a row always has its file and a file always has its row.
            var row = await _store.GetAsync(id);
            await using var original = _files.OpenOriginal(id);
            Assert.Equal(row is not null, original is not null);
            if (row is null)
            {
                await AddAsync(Text("raced"), "raced.txt");
            }
        }
    }

    [Fact]
    public async Task Adopting_an_upload_keeps_an_intact_original_and_replaces_a_damaged_one()
    {
        var bytes = Encoding.UTF8.GetBytes(Text("adopted"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var id = DocumentStore.DocumentId(Collection, sha);
        var original = Path.Combine(_folder, "documents", id, "original");

        Assert.True(_files.AdoptOriginal(id, await UploadAsync(bytes), sha));
        Assert.False(_files.AdoptOriginal(id, await UploadAsync(bytes), sha));

        // Power loss can leave the file cut short or zero-filled while its name survives.
        await File.WriteAllBytesAsync(original, new byte[bytes.Length / 2]);
        Assert.True(_files.AdoptOriginal(id, await UploadAsync(bytes), sha));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(original));
    }

    [Fact]
    public async Task Files_a_delete_removed_read_as_missing_and_deleting_again_does_nothing()
    {
        _embedder.GenerateAsyncCallback = (texts, _, _) => Task.FromResult(HashVectors(texts));
        var id = await AddAsync(Text("removed"), "removed.txt");
        Assert.Equal(DocumentStatus.Ready, (await WaitUntilSettledAsync(id)).Status);
        await using (var reading = _files.OpenOriginal(id))
        {
            // Removed while a reader still has it open (a download during a delete): neither side fails.
            _files.Delete(id);
            Assert.NotNull(reading);
            Assert.True(reading.ReadByte() >= 0);
        }

        _files.Delete(id);
        Assert.Null(_files.OpenOriginal(id));
        Assert.Null(await _files.LoadParsedAsync(id));
        Assert.Null(await _files.LoadChunksAsync(id));
        Assert.Null(_files.FindBox(id, 0, 5));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_folder, "documents")));
    }

    public void Dispose()
    {
        _embedded.Dispose();
        _locks.Dispose();
        _embedder.Dispose();
        _parsers.ForEach(p => p.Dispose());
        Directory.Delete(_folder, recursive: true);
    }

    private async Task AssertNothingLeftAsync(string id, string marker)
    {
        await AssertNotIndexedAsync(id, marker);
        Assert.False(Directory.Exists(Path.Combine(_folder, "documents", id)), "the document's folder is still there");
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_folder, "documents"), ".deleted-*"));
    }

    private async Task AssertNotIndexedAsync(string id, string marker)
    {
        Assert.Null(await _store.GetAsync(id));
        Assert.Equal(0, await _embedded.CountAsync(new ChunkFilter(Collection, [id])));
        Assert.DoesNotContain(await _embedded.ListDocumentsAsync().ToListAsync(), d => d.DocumentId == id);
        Assert.Empty(await _embedded.SearchKeywordsAsync(marker, new ChunkFilter(Collection), 100).ToListAsync());
        var query = HashVectors([marker]).Single().Vector;
        Assert.DoesNotContain(await _embedded.SearchVectorAsync(_embedder.ModelId, query, new ChunkFilter(Collection), 100).ToListAsync(), h => h.Chunk.DocumentId == id);
    }

    private IngestionPipeline Pipeline(IngestionOptions options)
    {
        // In process, so the hook runs where the test can see it.
        var parsing = new ParsingOptions { Isolation = ParseIsolation.InProcess };
        var parser = new DocumentParser([new HookedParser(DocumentParser.CreateDefault(parsing), () => Interlocked.Exchange(ref _onParse, null)?.Invoke())], parsing);
        _parsers.Add(new ParserPool(parser, NullLogger<ParserPool>.Instance));
        return new IngestionPipeline(_store, _files, _documents, _parsers[^1], new StructureChunker(_counter, new ChunkingOptions { MaxTokens = 40, MinTokens = 0 }),
            _embedder, options, NullLogger<IngestionPipeline>.Instance);
    }

    private async Task<string> UploadAsync(byte[] bytes)
    {
        var path = Path.Combine(_folder, "upload-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    private async Task<string> AddAsync(string text, string fileName)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return (await _documents.AddAsync(Collection, fileName, "text/plain", sha, new Dictionary<string, string>(), await UploadAsync(bytes))).Document.Id;
    }

    private async Task<DocumentRecord> WaitUntilSettledAsync(string id)
    {
        var options = new IngestionOptions { Workers = 1, EmbedBatchSize = BatchSize, RetryDelay = TimeSpan.FromMilliseconds(10) };
        using var signal = new IngestionSignal();
        using var worker = new IngestionWorker(_store, _documents, Pipeline(options), signal, options, NullLogger<IngestionWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            return await PollUntilSettledAsync(id);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private async Task<DocumentRecord> PollUntilSettledAsync(string id)
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

    /// <summary>A report of ~14 paragraphs (several 40-word chunks, so many index batches of 2), with a word found nowhere else.</summary>
    private static string Text(string marker) => $"Report {marker}\n\n" + string.Join("\n\n", Enumerable.Range(0, 14).Select(i =>
        $"Paragraph {i} of the {marker} report talks about valves, pumps and pressure checks in enough words to fill part of a chunk."));

    /// <summary>8-dimensional unit vectors from a hash of each text: fast, deterministic, distinct.</summary>
    private static GeneratedEmbeddings<Embedding<float>> HashVectors(IEnumerable<string> texts) => new(texts.Select(t =>
    {
        var vector = SHA256.HashData(Encoding.UTF8.GetBytes(t)).Take(8).Select(b => b / 255f + 0.01f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return new Embedding<float>(vector.Select(v => v / norm).ToArray());
    }));

    /// <summary>Parses through the real parser after running a hook (the test deletes the document there, mid-parse).</summary>
    private sealed class HookedParser(DocumentParser inner, Action beforeParse) : IDocumentParser
    {
        public Folio.Extraction.DocumentFormat Format => Folio.Extraction.DocumentFormat.Text;

        public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
        {
            beforeParse();
            return inner.ParseAsync(content, fileName, cancellationToken).GetAwaiter().GetResult();
        }
    }

    /// <summary>Counts words; the chunker calls it, so its hook runs mid-chunking (once).</summary>
    private sealed class HookedCounter : ITokenCounter
    {
        private Action? _onCount;

        public Action? OnCount
        {
            set => _onCount = value;
        }

        public int CountTokens(string text)
        {
            Interlocked.Exchange(ref _onCount, null)?.Invoke();
            return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        }
    }
}
