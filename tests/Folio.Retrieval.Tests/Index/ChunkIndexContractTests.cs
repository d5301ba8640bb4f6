using Folio.Retrieval.Index;

namespace Folio.Retrieval.Tests.Index;

/// <summary>
/// What every <see cref="IChunkIndex"/> must do. Each implementation has a concrete subclass; tests use
/// fresh collection names, so a shared server (Qdrant) keeps test runs apart.
/// </summary>
public abstract class ChunkIndexContractTests : IDisposable
{
    protected const string Model = "test-model";

    private readonly List<string> _collections = [];

    protected abstract IChunkIndex Index { get; }

    public void Dispose()
    {
        Cleanup(_collections);
        GC.SuppressFinalize(this);
    }

    [IndexFact]
    public async Task Vector_search_returns_nearest_first_with_cosine_scores()
    {
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 50, seed: 1);
        await Index.UpsertAsync(Model, chunks);
        var target = chunks[7].Vector.ToArray();
        var query = target.Select((v, i) => (v * 3) + (i % 2 == 0 ? 0.01f : -0.01f)).ToArray();

        var hits = await Index.SearchVectorAsync(Model, query, new ChunkFilter(collection), 10).ToListAsync();

        Assert.Equal(IndexCorpus.BruteForce(chunks, query, 10), hits.Select(h => h.Chunk.ChunkId));
        Assert.Equal(chunks[7].Chunk, hits[0].Chunk with { Tags = chunks[7].Chunk.Tags });
        Assert.Equal(chunks[7].Chunk.Tags, hits[0].Chunk.Tags);
        Assert.Equal(IndexCorpus.Cosine(query, target), hits[0].Score, 3);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [IndexFact]
    public async Task Keyword_search_ranks_by_bm25()
    {
        var collection = NewCollection();
        var random = new Random(2);
        var chunks = IndexCorpus.Generate(collection, 40, seed: 2);
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 100, IndexCorpus.Sentence(random, "invoice")), random));
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 101, IndexCorpus.Sentence(random, "invoice", "invoice", "invoice", "invoice")), random));
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 102, IndexCorpus.Sentence(random, "Invoice", "invoice")), random));
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 103, IndexCorpus.Sentence(random), heading: "Appendix > Terms"), random));
        await Index.UpsertAsync(Model, chunks);

        var hits = await Index.SearchKeywordsAsync("invoices invoice", new ChunkFilter(collection), 10).ToListAsync();
        var heading = await Index.SearchKeywordsAsync("appendix", new ChunkFilter(collection), 10).ToListAsync();

        Assert.Equal([101, 102, 100], hits.Select(h => h.Chunk.ChunkIndex));
        Assert.True(hits[0].Score > hits[1].Score && hits[1].Score > hits[2].Score && hits[2].Score > 0);
        Assert.Equal(103, Assert.Single(heading).Chunk.ChunkIndex);
    }

    [IndexFact]
    public async Task Keyword_scores_of_a_collection_do_not_move_with_another_collections_contents()
    {
        // BM25's document frequencies are kept per collection: another tenant's words must not show through the scores.
        var mine = NewCollection();
        var theirs = NewCollection();
        var random = new Random(6);
        var chunks = IndexCorpus.Generate(mine, 30, seed: 6);
        chunks.Add(Vector(IndexCorpus.Chunk(mine, "d9", 100, IndexCorpus.Sentence(random, "invoice")), random));
        await Index.UpsertAsync(Model, chunks);
        var before = await Index.SearchKeywordsAsync("invoice", new ChunkFilter(mine), 10).ToListAsync();

        var other = IndexCorpus.Generate(theirs, 30, seed: 7);
        other.AddRange(Enumerable.Range(0, 40).Select(i => Vector(IndexCorpus.Chunk(theirs, "t" + i, 0, IndexCorpus.Sentence(random, "invoice", "invoice")), random)));
        await Index.UpsertAsync(Model, other);
        var after = await Index.SearchKeywordsAsync("invoice", new ChunkFilter(mine), 10).ToListAsync();
        var inTheirs = await Index.SearchKeywordsAsync("invoice", new ChunkFilter(theirs), 50).ToListAsync();

        Assert.Equal(100, Assert.Single(before).Chunk.ChunkIndex);
        Assert.Equal(before.Select(h => (h.Chunk.ChunkId, h.Score)), after.Select(h => (h.Chunk.ChunkId, h.Score)));
        // The word is common in theirs, rare in mine: the same word scores differently, so the statistics are apart.
        Assert.NotEqual(before[0].Score, inTheirs[0].Score, 6);
    }

    [IndexFact]
    public async Task Filters_isolate_collections_documents_and_tags()
    {
        var first = NewCollection();
        var second = NewCollection();
        var chunks = IndexCorpus.Generate(first, 60, seed: 3);
        var copies = chunks.Select(c => c with { Chunk = c.Chunk with { ChunkId = "copy-" + c.Chunk.ChunkId, Collection = second } }).ToList();
        await Index.UpsertAsync(Model, chunks);
        await Index.UpsertAsync(Model, copies);
        var query = chunks[0].Vector;
        var french = new Dictionary<string, string> { ["lang"] = "fr" };

        var inFirst = await Index.SearchVectorAsync(Model, query, new ChunkFilter(first), 100).ToListAsync();
        var inD1 = await Index.SearchVectorAsync(Model, query, new ChunkFilter(first, ["d1"]), 100).ToListAsync();
        var frenchHits = await Index.SearchVectorAsync(Model, query, new ChunkFilter(first, Tags: french), 5).ToListAsync();
        var frenchD1 = await Index.SearchVectorAsync(Model, query, new ChunkFilter(second, ["d1"], french), 100).ToListAsync();
        var frenchD2 = await Index.SearchVectorAsync(Model, query, new ChunkFilter(second, ["d2"], french), 100).ToListAsync();
        var frenchWords = await Index.SearchKeywordsAsync(chunks[1].Chunk.Text, new ChunkFilter(first, Tags: french), 100).ToListAsync();

        Assert.Equal(60, inFirst.Count);
        Assert.All(inFirst, h => Assert.Equal(first, h.Chunk.Collection));
        Assert.Equal(12, inD1.Count);
        Assert.All(inD1, h => Assert.Equal("d1", h.Chunk.DocumentId));
        Assert.Equal(5, frenchHits.Count);
        Assert.All(frenchHits, h => Assert.Equal("fr", h.Chunk.Tags["lang"]));
        Assert.Equal(IndexCorpus.BruteForce(chunks.Where(x => x.Chunk.Tags["lang"] == "fr"), query.ToArray(), 5), frenchHits.Select(h => h.Chunk.ChunkId));
        Assert.Equal(12, frenchD1.Count);
        Assert.All(frenchD1, h => Assert.True(h.Chunk.Collection == second && h.Chunk.DocumentId == "d1" && h.Chunk.Tags["lang"] == "fr"));
        Assert.Empty(frenchD2);
        Assert.NotEmpty(frenchWords);
        Assert.All(frenchWords, h => Assert.Equal("fr", h.Chunk.Tags["lang"]));
        Assert.Equal(60, await Index.CountAsync(new ChunkFilter(second)));
        Assert.Equal(12, await Index.CountAsync(new ChunkFilter(second, ["d1"], french)));
        Assert.Equal(24, await Index.CountAsync(new ChunkFilter(second, Tags: french)));
        Assert.Equal(0, await Index.CountAsync(new ChunkFilter(NewCollection())));
    }

    [IndexFact]
    public async Task Deleting_a_document_removes_its_vectors_and_keywords()
    {
        var collection = NewCollection();
        var random = new Random(4);
        var chunks = IndexCorpus.Generate(collection, 40, seed: 4);
        var doomed = Vector(IndexCorpus.Chunk(collection, "gone", 0, IndexCorpus.Sentence(random, "invoice")), random);
        var kept = Vector(IndexCorpus.Chunk(collection, "kept", 0, IndexCorpus.Sentence(random, "invoice")), random);
        await Index.UpsertAsync(Model, [.. chunks, doomed, kept]);
        Assert.Equal(1, await Index.CountAsync(new ChunkFilter(collection, ["gone"])));

        await Index.DeleteDocumentAsync(collection, "gone");
        await Index.DeleteDocumentAsync(collection, "never-indexed");

        Assert.Equal(0, await Index.CountAsync(new ChunkFilter(collection, ["gone"])));
        Assert.Equal(41, await Index.CountAsync(new ChunkFilter(collection)));
        var byVector = await Index.SearchVectorAsync(Model, doomed.Vector, new ChunkFilter(collection), 50).ToListAsync();
        var byWords = await Index.SearchKeywordsAsync("invoice", new ChunkFilter(collection), 10).ToListAsync();
        Assert.Equal(41, byVector.Count);
        Assert.DoesNotContain(byVector, h => h.Chunk.DocumentId == "gone");
        Assert.Equal("kept", Assert.Single(byWords).Chunk.DocumentId);
    }

    [IndexFact]
    public async Task Upserting_the_same_chunks_again_replaces_them()
    {
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 30, seed: 5);
        await Index.UpsertAsync(Model, chunks);
        var changed = chunks.ToList();
        changed[3] = changed[3] with { Chunk = changed[3].Chunk with { Text = "zebra crossing" } };

        await Index.UpsertAsync(Model, changed);

        Assert.Equal(30, await Index.CountAsync(new ChunkFilter(collection)));
        var all = await Index.SearchVectorAsync(Model, chunks[0].Vector, new ChunkFilter(collection), 100).ToListAsync();
        Assert.Equal(30, all.Select(h => h.Chunk.ChunkId).Distinct().Count());
        var zebra = await Index.SearchKeywordsAsync("zebra", new ChunkFilter(collection), 10).ToListAsync();
        Assert.Equal(changed[3].Chunk.ChunkId, Assert.Single(zebra).Chunk.ChunkId);
        Assert.Equal("zebra crossing", zebra[0].Chunk.Text);
    }

    [IndexFact]
    public async Task A_collection_holds_one_model_until_emptied()
    {
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 5, seed: 6);
        await Index.UpsertAsync(Model, chunks);

        await Assert.ThrowsAsync<IndexModelMismatchException>(() => Index.UpsertAsync("other-model", chunks));
        await Assert.ThrowsAsync<IndexModelMismatchException>(async () => await Index.SearchVectorAsync("other-model", chunks[0].Vector, new ChunkFilter(collection), 3).ToListAsync());
        Assert.Equal(5, await Index.CountAsync(new ChunkFilter(collection)));

        foreach (var document in chunks.Select(c => c.Chunk.DocumentId).Distinct())
        {
            await Index.DeleteDocumentAsync(collection, document);
        }

        await Index.UpsertAsync("other-model", chunks);
        Assert.Equal(5, await Index.SearchVectorAsync("other-model", chunks[0].Vector, new ChunkFilter(collection), 10).CountAsync());
    }

    [IndexFact]
    public async Task Query_syntax_is_never_passed_through()
    {
        var collection = NewCollection();
        var random = new Random(7);
        var chunks = IndexCorpus.Generate(collection, 35, seed: 7);
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 100, IndexCorpus.Sentence(random, "invoice", "total")), random));
        await Index.UpsertAsync(Model, chunks);
        var filter = new ChunkFilter(collection);

        var operators = await Index.SearchKeywordsAsync("\"AND OR NEAR( *", filter, 10).ToListAsync();
        var punctuation = await Index.SearchKeywordsAsync("\"*:^()-+{}", filter, 10).ToListAsync();
        var mixed = await Index.SearchKeywordsAsync("invoice AND \"total* NEAR(", filter, 10).ToListAsync();
        var column = await Index.SearchKeywordsAsync("text: invoice", filter, 10).ToListAsync();

        Assert.Empty(operators);
        Assert.Empty(punctuation);
        Assert.Equal(100, Assert.Single(mixed).Chunk.ChunkIndex);
        Assert.Equal(100, Assert.Single(column).Chunk.ChunkIndex);
    }

    [IndexFact]
    public async Task Stop_words_are_left_out_of_queries_unless_nothing_else_remains()
    {
        var collection = NewCollection();
        var random = new Random(10);
        var chunks = IndexCorpus.Generate(collection, 30, seed: 10);
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d8", 100, IndexCorpus.Sentence(random, "the", "the", "the", "of")), random));
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 101, IndexCorpus.Sentence(random, "invoice")), random));
        await Index.UpsertAsync(Model, chunks);

        var content = await Index.SearchKeywordsAsync("The invoice of the", new ChunkFilter(collection), 10).ToListAsync();
        var onlyStopWords = await Index.SearchKeywordsAsync("of the", new ChunkFilter(collection), 10).ToListAsync();

        Assert.Equal(101, Assert.Single(content).Chunk.ChunkIndex);
        Assert.Equal(100, Assert.Single(onlyStopWords).Chunk.ChunkIndex);
    }

    [IndexFact]
    public async Task Chunks_of_one_document_with_different_tags_are_an_argument_error()
    {
        var collection = NewCollection();
        var random = new Random(11);
        var english = Vector(IndexCorpus.Chunk(collection, "d1", 0, IndexCorpus.Sentence(random), new Dictionary<string, string> { ["lang"] = "en" }), random);
        var french = Vector(IndexCorpus.Chunk(collection, "d1", 1, IndexCorpus.Sentence(random), new Dictionary<string, string> { ["lang"] = "fr" }), random);

        await Assert.ThrowsAsync<ArgumentException>(() => Index.UpsertAsync(Model, [english, french]));
        Assert.Equal(0, await Index.CountAsync(new ChunkFilter(collection)));
    }

    [IndexFact]
    public async Task A_vector_of_the_wrong_length_is_an_argument_error()
    {
        var collection = NewCollection();
        var chunks = IndexCorpus.Generate(collection, 5, seed: 8);
        await Index.UpsertAsync(Model, chunks);
        var shortVector = new float[IndexCorpus.Dimensions - 1];
        Array.Fill(shortVector, 0.5f);
        var wrong = chunks[0] with { Chunk = chunks[0].Chunk with { ChunkId = "wrong" }, Vector = shortVector };

        await Assert.ThrowsAsync<ArgumentException>(() => Index.UpsertAsync(Model, [wrong]));
        await Assert.ThrowsAsync<ArgumentException>(() => Index.UpsertAsync(Model, [chunks[1], wrong]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Index.SearchVectorAsync(Model, shortVector, new ChunkFilter(collection), 3).ToListAsync());
        Assert.Equal(5, await Index.CountAsync(new ChunkFilter(collection)));
    }

    [IndexFact]
    public async Task Hybrid_search_finds_both_the_nearest_vector_and_the_matching_words()
    {
        if (Index is not IHybridChunkIndex hybrid)
        {
            return;
        }

        var collection = NewCollection();
        var random = new Random(9);
        var chunks = IndexCorpus.Generate(collection, 40, seed: 9);
        chunks.Add(Vector(IndexCorpus.Chunk(collection, "d9", 100, IndexCorpus.Sentence(random, "invoice", "invoice")), random));
        await Index.UpsertAsync(Model, chunks);

        var hits = await hybrid.SearchHybridAsync(Model, chunks[5].Vector, "invoice", new ChunkFilter(collection), 5).ToListAsync();

        Assert.Equal(5, hits.Count);
        Assert.Contains(hits.Take(2), h => h.Chunk.ChunkIndex == 100);
        Assert.Contains(hits.Take(2), h => h.Chunk.ChunkId == chunks[5].Chunk.ChunkId);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [IndexFact]
    public async Task Documents_are_listed_with_their_chunk_counts_and_a_deleted_one_is_not()
    {
        var collection = NewCollection();
        var other = NewCollection();
        await Index.UpsertAsync(Model, IndexCorpus.Generate(collection, 23, seed: 10));
        await Index.UpsertAsync(Model, [IndexCorpus.Generate(other, 1, seed: 11)[0] with { Chunk = IndexCorpus.Chunk(other, "elsewhere", 0, "one chunk") }]);
        await Index.DeleteDocumentAsync(collection, "d4");

        var listed = await Index.ListDocumentsAsync().Where(d => d.Collection == collection || d.Collection == other).ToListAsync();

        Assert.Equal(
            [new IndexedDocument(collection, "d0", 5), new IndexedDocument(collection, "d1", 5), new IndexedDocument(collection, "d2", 5), new IndexedDocument(collection, "d3", 4), new IndexedDocument(other, "elsewhere", 1)],
            listed.OrderBy(d => d.Collection == other).ThenBy(d => d.DocumentId, StringComparer.Ordinal));
    }

    protected static ChunkVector Vector(IndexedChunk chunk, Random random) => new(chunk, IndexCorpus.RandomVector(random));

    /// <summary>Removes what the test left on a shared server; nothing to do for a per-test folder.</summary>
    protected virtual void Cleanup(IReadOnlyList<string> collections)
    {
    }

    protected string NewCollection()
    {
        var name = $"test-{Guid.NewGuid():N}"[..17];
        _collections.Add(name);
        return name;
    }
}
