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
    public async Task A_filtered_graph_search_over_fetches_until_enough_chunks_pass()
    {
        // No exact path: every filtered search walks the graph and filters afterwards.
        _index.Dispose();
        _index = Open(new IndexOptions { ExactSearchMaxCandidates = 0 });
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 400, seed: 14);
        var random = new Random(14);
        var rare = new Dictionary<string, string> { ["rare"] = "yes" };
        chunks = chunks.Select((c, i) => i % 25 == 0 ? c with { Chunk = c.Chunk with { Tags = rare } } : c).ToList();
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
            var chunks = IndexCorpus.Generate(w.c, 50, seed: w.part).Select(x => x with { Chunk = x.Chunk with { ChunkId = $"{x.Chunk.ChunkId}-{w.part}", DocumentId = $"p{w.part}" } }).ToList();
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
