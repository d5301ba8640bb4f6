using Folio.Retrieval.Embeddings;
using Microsoft.Extensions.AI;

namespace Folio.Retrieval.Tests.Embeddings;

public sealed class CachingEmbeddingGeneratorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("folio-cache-").FullName;
    private readonly List<string> _seen = [];
    private readonly TestEmbeddingGenerator _inner = new();

    public CachingEmbeddingGeneratorTests() =>
        _inner.GenerateAsyncCallback = (values, _, _) =>
        {
            var list = values.ToList();
            lock (_seen)
            {
                _seen.AddRange(list);
            }

            // A vector that depends on the text, so a wrong lookup shows.
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(
                list.Select(v => new Embedding<float>(new float[] { v.Length, v.Count(c => c == 'a'), 1 }))));
        };

    private string DatabasePath => Path.Combine(_folder, "cache.db");

    [Fact]
    public async Task Second_call_is_served_from_the_cache_and_only_misses_reach_the_inner_generator()
    {
        using var cache = new EmbeddingGeneratorBuilder<string, Embedding<float>>(_inner).UseSqliteCache(DatabasePath).Build();

        var first = await cache.GenerateAsync(["alpha", "banana", "alpha"]);
        var second = await cache.GenerateAsync(["banana", "cat", "alpha"]);

        Assert.Equal(["alpha", "banana", "cat"], _seen);
        Assert.Equal(new float[] { 5, 2, 1 }, first[0].Vector.ToArray());
        Assert.Equal(first[0].Vector.ToArray(), first[2].Vector.ToArray());
        Assert.Equal(new float[] { 6, 3, 1 }, second[0].Vector.ToArray());
        Assert.Equal(new float[] { 3, 1, 1 }, second[1].Vector.ToArray());
        Assert.Equal(new float[] { 5, 2, 1 }, second[2].Vector.ToArray());
    }

    [Fact]
    public async Task Cache_survives_a_new_instance_and_is_keyed_by_model()
    {
        using (var cache = new CachingEmbeddingGenerator(_inner, DatabasePath))
        {
            await cache.GenerateAsync(["alpha"]);
        }

        using (var again = new CachingEmbeddingGenerator(_inner, DatabasePath))
        {
            await again.GenerateAsync(["alpha"]);
        }

        _inner.ModelId = "other-model";
        using (var other = new CachingEmbeddingGenerator(_inner, DatabasePath))
        {
            await other.GenerateAsync(["alpha"]);
        }

        Assert.Equal(["alpha", "alpha"], _seen);
    }

    [Fact]
    public async Task Concurrent_calls_return_the_right_vectors()
    {
        using var cache = new CachingEmbeddingGenerator(_inner, DatabasePath);
        var texts = Enumerable.Range(0, 40).Select(i => new string('a', i % 10) + new string('b', i)).ToArray();

        var results = await Task.WhenAll(texts.Chunk(5).Concat(texts.Chunk(7)).Select(batch => cache.GenerateAsync(batch)));

        foreach (var (batch, result) in texts.Chunk(5).Concat(texts.Chunk(7)).Zip(results))
        {
            Assert.Equal(batch.Select(t => (float)t.Length), result.Select(e => e.Vector.Span[0]));
            Assert.Equal(batch.Select(t => (float)t.Count(c => c == 'a')), result.Select(e => e.Vector.Span[1]));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
