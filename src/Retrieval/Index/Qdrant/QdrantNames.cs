using System.Security.Cryptography;
using System.Text;

namespace Folio.Retrieval.Index.Qdrant;

/// <summary>
/// Names in Qdrant: one Qdrant collection per (Folio collection, model), named
/// <c>folio_{collection slug}_{hash}__{model slug}</c> — the hash keeps distinct names distinct after slugging,
/// and the shared prefix finds a Folio collection's Qdrant collection whatever its model.
/// </summary>
internal static class QdrantNames
{
    /// <summary>The name of the dense vector in every Folio point.</summary>
    public const string Dense = "dense";

    /// <summary>The name of the sparse (BM25-like) vector in every Folio point.</summary>
    public const string Sparse = "bm25";

    /// <summary>Every Qdrant collection Folio made starts with this.</summary>
    public const string FolioPrefix = "folio_";

    /// <summary>Every Qdrant collection of <paramref name="collection"/> starts with this.</summary>
    public static string Prefix(string collection) => $"{FolioPrefix}{Slug(collection, 48)}_{Hash(collection)}__";

    /// <summary>The Qdrant collection of <paramref name="collection"/>'s vectors of <paramref name="modelId"/>.</summary>
    public static string Collection(string collection, string modelId) => $"{Prefix(collection)}{Slug(modelId, 64)}_{Hash(modelId)}";

    /// <summary>The model slug part of a Qdrant collection name (for messages).</summary>
    public static string ModelPart(string qdrantCollection, string collection) => qdrantCollection[Prefix(collection).Length..];

    /// <summary>
    /// A point id derived from the chunk id, the same on every upsert (so re-upserting replaces): the first
    /// 16 bytes of SHA-256(chunk id) with the RFC 9562 version 8 (custom) and variant bits set.
    /// </summary>
    public static Guid PointId(string chunkId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(chunkId)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static string Slug(string name, int length) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').Take(length).ToArray());

    private static string Hash(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
}
