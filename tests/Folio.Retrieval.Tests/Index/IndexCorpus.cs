using Folio.Retrieval.Index;

namespace Folio.Retrieval.Tests.Index;

/// <summary>Generated chunks and vectors for the index tests (seeded, so every run sees the same data).</summary>
internal static class IndexCorpus
{
    public const int Dimensions = 16;

    private static readonly string[] Filler =
    [
        "alpha", "river", "stone", "window", "garden", "silver", "morning", "planet", "harbor", "candle",
        "forest", "engine", "pillow", "mirror", "castle", "thunder", "velvet", "meadow", "lantern", "copper",
        "orchard", "glacier", "falcon", "compass", "marble", "quarry", "saddle", "tunnel", "violet", "willow",
    ];

    public static float[] RandomVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return vector;
    }

    /// <summary>Ten filler words, with <paramref name="words"/> in front (so lengths stay equal).</summary>
    public static string Sentence(Random random, params string[] words) =>
        string.Join(' ', words.Concat(Enumerable.Range(0, 10 - words.Length).Select(_ => Filler[random.Next(Filler.Length)])));

    public static IndexedChunk Chunk(string collection, string documentId, int index, string text, IReadOnlyDictionary<string, string>? tags = null, string heading = "") =>
        new($"{collection}/{documentId}/{index}", documentId, collection, $"{documentId}.pdf", index, text, heading, 1 + (index / 3), 1 + (index / 3), index * 100, (index * 100) + text.Length, tags ?? new Dictionary<string, string>());

    /// <summary>
    /// <paramref name="count"/> chunks over five documents (d0..d4; d1 and d3 tagged lang=fr, the others
    /// lang=en: tags belong to documents), filler text, random vectors.
    /// </summary>
    public static List<ChunkVector> Generate(string collection, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new ChunkVector(
                Chunk(collection, $"d{i % 5}", i, Sentence(random), new Dictionary<string, string> { ["lang"] = i % 5 is 1 or 3 ? "fr" : "en" }),
                RandomVector(random)))
            .ToList();
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return dot / Math.Sqrt(aa * bb);
    }

    /// <summary>The ids of the <paramref name="topK"/> chunks most similar to the query, by brute force.</summary>
    public static List<string> BruteForce(IEnumerable<ChunkVector> chunks, float[] query, int topK) =>
        chunks.OrderByDescending(c => Cosine(c.Vector.ToArray(), query)).Take(topK).Select(c => c.Chunk.ChunkId).ToList();
}
