using Folio.Retrieval.Index;
using Folio.Retrieval.Index.Qdrant;
using Microsoft.Extensions.Logging.Abstractions;

namespace Folio.Retrieval.Tests.Index;

/// <summary>The parts of the Qdrant index that need no server.</summary>
public sealed class QdrantPartsTests
{
    [Fact]
    public async Task An_unreachable_server_is_reported_as_unavailable()
    {
        // Port 1 on the loopback is closed on any test machine.
        using var index = new QdrantChunkIndex(new IndexOptions { QdrantEndpoint = new Uri("http://127.0.0.1:1"), QdrantTimeout = TimeSpan.FromSeconds(5) }, NullLogger<QdrantChunkIndex>.Instance);

        await Assert.ThrowsAsync<ChunkIndexUnavailableException>(() => index.CountAsync(new ChunkFilter("any")));
        await Assert.ThrowsAsync<ChunkIndexUnavailableException>(() => index.UpsertAsync("m", IndexCorpus.Generate("any", 2, seed: 1)));
    }

    [Fact]
    public void Point_ids_are_deterministic_version_8_uuids()
    {
        var id = QdrantNames.PointId("doc-1/chunk-7");

        Assert.Equal(id, QdrantNames.PointId("doc-1/chunk-7"));
        Assert.NotEqual(id, QdrantNames.PointId("doc-1/chunk-8"));
        Assert.Equal(8, id.Version);
        Assert.Equal('8', id.ToString()[14]);
    }

    [Fact]
    public void Collection_names_keep_distinct_collections_and_models_apart()
    {
        var a = QdrantNames.Collection("Legal/EU", "sentence-transformers/all-MiniLM-L6-v2");
        var b = QdrantNames.Collection("legal-eu", "sentence-transformers/all-MiniLM-L6-v2");

        Assert.NotEqual(a, b);
        Assert.Matches("^folio_[a-z0-9_-]+$", a);
        Assert.StartsWith(QdrantNames.Prefix("Legal/EU"), a, StringComparison.Ordinal);
        Assert.False(QdrantNames.Collection("Legal/EU", "other").StartsWith(QdrantNames.Prefix("legal-eu"), StringComparison.Ordinal));
    }

    [Fact]
    public void Sparse_weights_saturate_with_term_frequency_and_fold_case_and_accents()
    {
        var once = Bm25SparseVector.Document("résumé alpha beta");
        var twice = Bm25SparseVector.Document("Resume RESUME beta");
        var term = Bm25SparseVector.Term("resume");

        var w1 = once.Values[Array.IndexOf(once.Indices, term)];
        var w2 = twice.Values[Array.IndexOf(twice.Indices, term)];
        Assert.True(w2 > w1);
        Assert.True(w2 < 2 * w1);
        Assert.True(w2 < Bm25SparseVector.K1 + 1);
        Assert.Equal(once.Indices.Order(), once.Indices);
        Assert.Equal([term], Bm25SparseVector.Query("Résumé? resume!").Indices);
        Assert.Empty(Bm25SparseVector.Query("\"*( ) -").Indices);
    }
}
