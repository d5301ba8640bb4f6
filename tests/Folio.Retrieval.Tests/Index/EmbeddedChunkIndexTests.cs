using USearchIndex = Cloud.Unum.USearch.USearchIndex;
using Folio.Retrieval.Index;
using Microsoft.Data.Sqlite;
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
    public async Task A_version_1_database_is_upgraded_in_place()
    {
        _index.Dispose();
        var database = Path.Combine(_folder, "index", "chunks.db");
        foreach (var file in Directory.GetFiles(Path.Combine(_folder, "index")))
        {
            File.Delete(file);
        }

        var random = new Random(18);
        var vectors = Enumerable.Range(0, 3).Select(_ => IndexCorpus.RandomVector(random)).ToArray();
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = Version1Schema + """
                INSERT INTO collections (name, model_id, dimensions, generation, saved_generation, saved_bytes) VALUES ('old', 'test-model', 16, 3, 3, 1000);
                INSERT INTO chunks (chunk_id, document_id, collection, file_name, chunk_index, text, heading_path, page, last_page, start, "end", tags, model_id, vector) VALUES
                    ('c0', 'd0', 'old', 'd0.pdf', 0, 'invoice total due', '', 1, 1, 0, 17, '{"lang":"en"}', 'test-model', $v0),
                    ('c1', 'd0', 'old', 'd0.pdf', 1, 'river stone window', '', 1, 1, 18, 36, '{"lang":"en"}', 'test-model', $v1),
                    ('c2', 'd1', 'old', 'd1.pdf', 0, 'garden invoice', 'Terms', 1, 1, 0, 14, '{"lang":"fr"}', 'test-model', $v2);
                INSERT INTO chunk_tags (chunk, key, value) SELECT id, 'lang', json_extract(tags, '$.lang') FROM chunks;
                """;
            for (var i = 0; i < 3; i++)
            {
                command.Parameters.AddWithValue($"$v{i}", System.Runtime.InteropServices.MemoryMarshal.AsBytes(vectors[i].AsSpan()).ToArray());
            }

            command.ExecuteNonQuery();
        }

        _index = Open();
        var french = new Dictionary<string, string> { ["lang"] = "fr" };

        var invoices = await _index.SearchKeywordsAsync("invoice", new ChunkFilter("old"), 10).ToListAsync();
        var frenchInvoices = await _index.SearchKeywordsAsync("invoice", new ChunkFilter("old", Tags: french), 10).ToListAsync();
        var heading = await _index.SearchKeywordsAsync("terms", new ChunkFilter("old"), 10).ToListAsync();
        var nearest = await _index.SearchVectorAsync(Model, vectors[1], new ChunkFilter("old"), 10).ToListAsync();
        await _index.DeleteDocumentAsync("old", "d0");

        Assert.Equal(["c0", "c2"], invoices.Select(h => h.Chunk.ChunkId).Order());
        Assert.Equal("c2", Assert.Single(frenchInvoices).Chunk.ChunkId);
        Assert.Equal(french, frenchInvoices[0].Chunk.Tags);
        Assert.Equal("c2", Assert.Single(heading).Chunk.ChunkId);
        Assert.Equal(3, nearest.Count);
        Assert.Equal("c1", nearest[0].Chunk.ChunkId);
        Assert.Equal("c2", Assert.Single(await _index.SearchKeywordsAsync("invoice", new ChunkFilter("old"), 10).ToListAsync()).Chunk.ChunkId);
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

    private const string Version1Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE collections (
            name TEXT PRIMARY KEY, model_id TEXT NOT NULL, dimensions INTEGER NOT NULL, generation INTEGER NOT NULL DEFAULT 0,
            saved_generation INTEGER NOT NULL DEFAULT -1, saved_bytes INTEGER NOT NULL DEFAULT -1);
        CREATE TABLE chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT, chunk_id TEXT NOT NULL UNIQUE, document_id TEXT NOT NULL, collection TEXT NOT NULL,
            file_name TEXT NOT NULL, chunk_index INTEGER NOT NULL, text TEXT NOT NULL, heading_path TEXT NOT NULL, page INTEGER NOT NULL,
            last_page INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, tags TEXT NOT NULL, model_id TEXT NOT NULL, vector BLOB NOT NULL);
        CREATE INDEX chunks_by_document ON chunks (collection, document_id);
        CREATE TABLE chunk_tags (chunk INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (chunk, key)) WITHOUT ROWID;
        CREATE INDEX chunk_tags_by_value ON chunk_tags (key, value);
        CREATE VIRTUAL TABLE chunks_fts USING fts5 (
            text, heading_path, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
        CREATE TRIGGER chunks_after_insert AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts (rowid, text, heading_path) VALUES (new.id, new.text, new.heading_path);
        END;
        CREATE TRIGGER chunks_after_delete AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts (chunks_fts, rowid, text, heading_path) VALUES ('delete', old.id, old.text, old.heading_path);
            DELETE FROM chunk_tags WHERE chunk = old.id;
        END;
        """;

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
