using USearchIndex = Cloud.Unum.USearch.USearchIndex;
using Folio.Retrieval.Index;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Retrieval.Tests.Index;

/// <summary>The contract suite on <see cref="EmbeddedChunkIndex"/>, plus what only a local index has: files, restarts, rebuilds.</summary>
public sealed class EmbeddedChunkIndexTests : ChunkIndexContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-index-" + Guid.NewGuid().ToString("N"));
    private EmbeddedChunkIndex _index;

    public EmbeddedChunkIndexTests()
    {
        _index = Open();
    }

    protected override IChunkIndex Index => _index;

    [Fact]
    public async Task The_index_survives_a_restart()
    {
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 200, seed: 11);
        await _index.UpsertAsync(Model, chunks);
        var before = await SnapshotAsync(collection, chunks);

        Reopen();

        Assert.Equal(before, await SnapshotAsync(collection, chunks));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("garbage")]
    [InlineData("truncate")]
    [InlineData("stale")]
    public async Task A_missing_unreadable_or_stale_graph_file_is_rebuilt(string damage)
    {
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 200, seed: 12);
        await _index.UpsertAsync(Model, chunks[..150]);
        Reopen();
        var path = Assert.Single(Directory.GetFiles(Path.Combine(_folder, "index"), "*.usearch"));
        var saved = await File.ReadAllBytesAsync(path);
        await _index.UpsertAsync(Model, chunks[150..]);
        var before = await SnapshotAsync(collection, chunks);
        _index.Dispose();

        switch (damage)
        {
            case "delete":
                File.Delete(path);
                break;
            case "garbage":
                var garbage = new byte[new FileInfo(path).Length];
                new Random(1).NextBytes(garbage);
                await File.WriteAllBytesAsync(path, garbage);
                break;
            case "truncate":
                await File.WriteAllBytesAsync(path, saved[..(saved.Length / 2)]);
                break;
            case "stale":
                await File.WriteAllBytesAsync(path, saved);
                break;
        }

        _index = Open();

        Assert.Equal(before, await SnapshotAsync(collection, chunks));
        using var rebuilt = new USearchIndex(path, view: true);
        Assert.Equal(200UL, rebuilt.Size());
    }

    [Fact]
    public async Task Changes_are_saved_shortly_after_without_a_dispose()
    {
        _index.Dispose();
        _index = Open(new IndexOptions { SaveDelay = TimeSpan.FromMilliseconds(50) });
        var collection = NewCollection();
        await _index.UpsertAsync(Model, IndexCorpus.Generate(collection, 20, seed: 13));

        string[] files = [];
        for (var i = 0; i < 100 && files.Length == 0; i++)
        {
            await Task.Delay(50);
            files = Directory.GetFiles(Path.Combine(_folder, "index"), "*.usearch");
        }

        using var saved = new USearchIndex(Assert.Single(files), view: true);
        Assert.Equal(20UL, saved.Size());
    }

    [Fact]
    public async Task After_a_crash_the_saved_graph_is_caught_up_from_sqlite_not_rebuilt()
    {
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 200, seed: 15);
        await _index.UpsertAsync(Model, chunks[..120]);
        _index.Dispose();
        // Never idle long enough to save: the process "crashes" with 80 chunks only in SQLite.
        var crashed = Open(new IndexOptions { SaveDelay = TimeSpan.FromHours(1) });
        await crashed.UpsertAsync(Model, chunks[120..]);
        var logger = new RecordingLogger<EmbeddedChunkIndex>();

        _index = new EmbeddedChunkIndex(_folder, new IndexOptions(), logger);
        var hits = await _index.SearchVectorAsync(Model, chunks[150].Vector, new ChunkFilter(collection), 200).ToListAsync();

        Assert.Equal(200, hits.Count);
        Assert.Equal(chunks[150].Chunk.ChunkId, hits[0].Chunk.ChunkId);
        Assert.Contains(3005, logger.EventIds);
        Assert.DoesNotContain(3001, logger.EventIds);
        using (var saved = new USearchIndex(Assert.Single(Directory.GetFiles(Path.Combine(_folder, "index"), "*.usearch")), view: true))
        {
            Assert.Equal(200UL, saved.Size());
        }

        GC.KeepAlive(crashed);
    }

    [Fact]
    public async Task A_keyword_search_ranks_no_more_chunks_than_its_budget()
    {
        _index.Dispose();
        _index = Open(new IndexOptions { KeywordMaxScoredChunks = 64 });
        var collection = NewCollection();
        var random = new Random(16);
        var chunks = Enumerable.Range(0, 200)
            .Select(i => Vector(IndexCorpus.Chunk(collection, $"d{i % 5}", i, IndexCorpus.Sentence(random, i % 50 == 0 ? ["common", "rare"] : ["common"])), random))
            .ToList();
        await _index.UpsertAsync(Model, chunks);

        // "common" matches 200 chunks, over the budget: only "rare" (4 chunks) is ranked.
        var mixed = await _index.SearchKeywordsAsync("common rare", new ChunkFilter(collection), 10).ToListAsync();
        // Every term is common: the newest 64 chunks holding it are ranked.
        var common = await _index.SearchKeywordsAsync("common", new ChunkFilter(collection), 10).ToListAsync();

        Assert.Equal([0, 50, 100, 150], mixed.Select(h => h.Chunk.ChunkIndex).Order());
        Assert.Equal(10, common.Count);
        Assert.All(common, h => Assert.True(h.Chunk.ChunkIndex >= 200 - 64));
    }

    [Fact]
    public async Task A_query_of_32k_characters_finds_the_chunk_its_rarest_word_names()
    {
        var collection = NewCollection();
        var random = new Random(17);
        var chunks = IndexCorpus.Generate(collection, 60, seed: 17);
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 100, IndexCorpus.Sentence(random, "invoice")), random));
        await _index.UpsertAsync(Model, chunks);
        var filler = string.Join(' ', Enumerable.Range(0, 4_000).Select(_ => IndexCorpus.Sentence(random)));
        var query = $"{filler[..16_000]} invoice {filler[16_000..]}"[..32_000];

        var hits = await _index.SearchKeywordsAsync(query, new ChunkFilter(collection), 5).ToListAsync();

        Assert.Equal(100, hits[0].Chunk.ChunkIndex);
    }

    [Fact]
    public async Task A_filtered_graph_search_over_fetches_until_enough_chunks_pass()
    {
        // No exact path: every filtered search walks the graph and filters afterwards.
        _index.Dispose();
        _index = Open(new IndexOptions { ExactSearchMaxCandidates = 0 });
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 400, seed: 14);
        var random = new Random(14);
        var rare = new Dictionary<string, string> { ["rare"] = "yes" };
        chunks = chunks.Select((c, i) => i % 25 == 0 ? c with { Chunk = c.Chunk with { DocumentId = "rare", Tags = rare } } : c).ToList();
        await _index.UpsertAsync(Model, chunks);
        var query = IndexCorpus.RandomVector(random);

        var hits = await _index.SearchVectorAsync(Model, query, new ChunkFilter(collection, Tags: rare), 10).ToListAsync();

        Assert.Equal(IndexCorpus.BruteForce(chunks.Where(c => c.Chunk.Tags.ContainsKey("rare")), query, 10), hits.Select(h => h.Chunk.ChunkId));
    }

    [Fact]
    public async Task Concurrent_writes_and_searches_stay_consistent()
    {
        var collections = new[] { NewCollection(), NewCollection() };
        var writes = collections.SelectMany(c => Enumerable.Range(0, 4).Select(part => (c, part))).Select(w => Task.Run(async () =>
        {
            var chunks = IndexCorpus.Generate(w.c, 50, seed: w.part).Select(x => x with { Chunk = x.Chunk with { ChunkId = $"{x.Chunk.ChunkId}-{w.part}", DocumentId = $"p{w.part}-{x.Chunk.DocumentId}" } }).ToList();
            await _index.UpsertAsync(Model, chunks);
        }));
        var searches = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            for (var j = 0; j < 10; j++)
            {
                await _index.SearchVectorAsync(Model, IndexCorpus.RandomVector(random), new ChunkFilter(collections[j % 2]), 5).ToListAsync();
                await _index.SearchKeywordsAsync("river stone", new ChunkFilter(collections[j % 2]), 5).ToListAsync();
            }
        }));

        await Task.WhenAll(writes.Concat(searches));

        foreach (var collection in collections)
        {
            Assert.Equal(200, await _index.CountAsync(new ChunkFilter(collection)));
            Assert.Equal(200, await _index.SearchVectorAsync(Model, IndexCorpus.RandomVector(new Random(1)), new ChunkFilter(collection), 500).CountAsync());
        }
    }

    protected override void Cleanup(IReadOnlyList<string> collections)
    {
        _index.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private EmbeddedChunkIndex Open(IndexOptions? options = null) => new(_folder, options ?? new IndexOptions(), NullLogger<EmbeddedChunkIndex>.Instance);

    private void Reopen()
    {
        _index.Dispose();
        _index = Open();
    }

    private async Task<List<string>> SnapshotAsync(string collection, List<ChunkVector> chunks)
    {
        var lines = new List<string>();
        foreach (var probe in new[] { 0, 17, 99, chunks.Count - 1 })
        {
            var hits = await _index.SearchVectorAsync(Model, chunks[probe].Vector, new ChunkFilter(collection), 5).ToListAsync();
            lines.Add(string.Join(' ', hits.Select(h => $"{h.Chunk.ChunkId}:{h.Score:F5}")));
        }

        var words = await _index.SearchKeywordsAsync(chunks[3].Chunk.Text, new ChunkFilter(collection, ["d3"]), 5).ToListAsync();
        lines.Add(string.Join(' ', words.Select(h => $"{h.Chunk.ChunkId}:{h.Score:F5}")));
        lines.Add((await _index.CountAsync(new ChunkFilter(collection))).ToString());
        return lines;
    }
}
