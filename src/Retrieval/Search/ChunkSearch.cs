using Folio.Retrieval.Access;
using Folio.Retrieval.Index;
using Microsoft.Extensions.AI;

namespace Folio.Retrieval.Search;

/// <summary>
/// Search over a collection: vector (the query's embedding), keyword (BM25), or hybrid — both
/// rankings fused by reciprocal rank, which the index does itself (<see cref="IHybridChunkIndex"/>:
/// server-side in Qdrant), or here over a deeper candidate list. Every hit carries its evidence.
/// A collection the caller may not use (<paramref name="access"/>; every collection when none is given) is refused.
/// </summary>
public sealed class ChunkSearch(IChunkIndex index, IEmbeddingGenerator<string, Embedding<float>> embedder, EvidenceLocator evidence, ICollectionAccess? access = null)
{
    /// <summary>How many candidates per ranking hybrid search fuses, as a multiple of topK (at least 30).</summary>
    private const int CandidateFactor = 3;

    private readonly string _modelId = embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
        ?? throw new ArgumentException("The embedding generator must report a model id.", nameof(embedder));

    /// <summary>The <paramref name="topK"/> best chunks for <paramref name="query"/> under <paramref name="filter"/>, best first.</summary>
    /// <exception cref="CollectionNotVisibleException">The filter's collection is not the caller's.</exception>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, ChunkFilter filter, int topK, SearchMode mode, CancellationToken cancellationToken = default)
    {
        if (access is not null && !access.Allows(filter.Collection))
        {
            throw new CollectionNotVisibleException(filter.Collection);
        }

        IReadOnlyList<ChunkHit> hits = mode switch
        {
            SearchMode.Vector => await ToListAsync(index.SearchVectorAsync(_modelId, await EmbedAsync(query, cancellationToken), filter, topK, cancellationToken), cancellationToken),
            SearchMode.Keyword => await ToListAsync(index.SearchKeywordsAsync(query, filter, topK, cancellationToken), cancellationToken),
            _ => await HybridAsync(query, filter, topK, cancellationToken),
        };
        return hits.Select(h => new SearchHit(h.Chunk, h.Score, evidence.Locate(h.Chunk, query))).ToList();
    }

    private async Task<IReadOnlyList<ChunkHit>> HybridAsync(string query, ChunkFilter filter, int topK, CancellationToken cancellationToken)
    {
        var vector = await EmbedAsync(query, cancellationToken);
        if (index is IHybridChunkIndex hybrid)
        {
            return await ToListAsync(hybrid.SearchHybridAsync(_modelId, vector, query, filter, topK, cancellationToken), cancellationToken);
        }

        var depth = Math.Max(topK * CandidateFactor, 30);
        var vectorHits = ToListAsync(index.SearchVectorAsync(_modelId, vector, filter, depth, cancellationToken), cancellationToken);
        var keywordHits = ToListAsync(index.SearchKeywordsAsync(query, filter, depth, cancellationToken), cancellationToken);
        return ReciprocalRankFusion.Fuse([await vectorHits, await keywordHits], topK);
    }

    private async Task<ReadOnlyMemory<float>> EmbedAsync(string query, CancellationToken cancellationToken) =>
        (await embedder.GenerateAsync([query], cancellationToken: cancellationToken))[0].Vector;

    private static async Task<IReadOnlyList<ChunkHit>> ToListAsync(IAsyncEnumerable<ChunkHit> hits, CancellationToken cancellationToken)
    {
        var list = new List<ChunkHit>();
        await foreach (var hit in hits.WithCancellation(cancellationToken))
        {
            list.Add(hit);
        }

        return list;
    }
}
