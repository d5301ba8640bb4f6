namespace Folio.Retrieval.Index;

/// <summary>Argument checks shared by the index implementations, so both reject the same input the same way.</summary>
internal static class ChunkBatch
{
    /// <summary>Checks an upsert batch; returns its chunks grouped by collection, each group with its vectors as arrays.</summary>
    /// <exception cref="ArgumentException">Empty model id or collection, vectors of different or zero length, non-finite values, a chunk id twice, or chunks of one document with different tags.</exception>
    public static List<(string Collection, List<ChunkVector> Chunks, float[][] Vectors, int Dimensions)> Validate(string modelId, IReadOnlyList<ChunkVector> chunks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(chunks);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var documentTags = new Dictionary<(string, string), IReadOnlyDictionary<string, string>>();
        foreach (var chunk in chunks)
        {
            if (documentTags.TryGetValue((chunk.Chunk.Collection, chunk.Chunk.DocumentId), out var tags) && !SameTags(tags, chunk.Chunk.Tags))
            {
                throw new ArgumentException($"Chunks of document '{chunk.Chunk.DocumentId}' carry different tags; tags belong to the document.", nameof(chunks));
            }

            documentTags[(chunk.Chunk.Collection, chunk.Chunk.DocumentId)] = chunk.Chunk.Tags;
            ArgumentException.ThrowIfNullOrWhiteSpace(chunk.Chunk.Collection, nameof(chunks));
            if (!ids.Add(chunk.Chunk.ChunkId))
            {
                throw new ArgumentException($"Chunk id '{chunk.Chunk.ChunkId}' appears twice in one upsert.", nameof(chunks));
            }

            if (chunk.Vector.Length == 0 || chunk.Vector.Length != chunks[0].Vector.Length)
            {
                throw new ArgumentException($"Chunk '{chunk.Chunk.ChunkId}' has a {chunk.Vector.Length}-dimensional vector; the batch's first has {chunks[0].Vector.Length}.", nameof(chunks));
            }

            foreach (var value in chunk.Vector.Span)
            {
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException($"Chunk '{chunk.Chunk.ChunkId}' has a non-finite vector component.", nameof(chunks));
                }
            }
        }

        return chunks
            .GroupBy(c => c.Chunk.Collection, StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList(), g.Select(c => c.Vector.ToArray()).ToArray(), chunks[0].Vector.Length))
            .ToList();
    }

    private static bool SameTags(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        ReferenceEquals(a, b) || (a.Count == b.Count && a.All(t => b.TryGetValue(t.Key, out var value) && value == t.Value));

    /// <summary>Checks a search's common arguments.</summary>
    public static void ValidateSearch(ChunkFilter filter, int topK)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentException.ThrowIfNullOrWhiteSpace(filter.Collection, nameof(filter));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topK);
    }
}
