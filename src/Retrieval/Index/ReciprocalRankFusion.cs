namespace Folio.Retrieval.Index;

/// <summary>
/// Reciprocal rank fusion: score(d) = Σ 1 / (k + rank(d)) over the ranked lists that contain d.
/// Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and individual rank
/// learning methods", SIGIR 2009; k = 60 as in the paper and in Qdrant's <c>Fusion.Rrf</c>.
/// </summary>
internal static class ReciprocalRankFusion
{
    /// <summary>The paper's constant.</summary>
    public const int K = 60;

    /// <summary>Fuses lists of hits (each best first) into one, best first, at most <paramref name="topK"/> long.</summary>
    public static List<ChunkHit> Fuse(IEnumerable<IReadOnlyList<ChunkHit>> rankings, int topK)
    {
        var fused = new Dictionary<string, (IndexedChunk Chunk, double Score)>(StringComparer.Ordinal);
        foreach (var ranking in rankings)
        {
            for (var rank = 0; rank < ranking.Count; rank++)
            {
                var chunk = ranking[rank].Chunk;
                var add = 1.0 / (K + rank + 1);
                fused[chunk.ChunkId] = fused.TryGetValue(chunk.ChunkId, out var seen) ? (seen.Chunk, seen.Score + add) : (chunk, add);
            }
        }

        return fused.Values
            .OrderByDescending(v => v.Score)
            .ThenBy(v => v.Chunk.ChunkId, StringComparer.Ordinal)
            .Take(topK)
            .Select(v => new ChunkHit(v.Chunk, v.Score))
            .ToList();
    }
}
