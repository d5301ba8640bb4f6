using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Folio.Retrieval.Index.Qdrant;

/// <summary>Maps an <see cref="IndexedChunk"/> to a Qdrant payload and back; <c>tags</c> holds "key=value" strings (keyword-indexed), <c>tag_map</c> the exact map.</summary>
internal static class QdrantPayload
{
    public const string DocumentId = "document_id";
    public const string Tags = "tags";

    public static Dictionary<string, Value> From(IndexedChunk chunk, string modelId) => new()
    {
        ["chunk_id"] = chunk.ChunkId,
        [DocumentId] = chunk.DocumentId,
        ["collection"] = chunk.Collection,
        ["file_name"] = chunk.FileName,
        ["chunk_index"] = chunk.ChunkIndex,
        ["text"] = chunk.Text,
        ["heading_path"] = chunk.HeadingPath,
        ["page"] = chunk.Page,
        ["last_page"] = chunk.LastPage,
        ["start"] = chunk.Start,
        ["end"] = chunk.End,
        [Tags] = chunk.Tags.Select(t => TagTerm(t.Key, t.Value)).ToArray(),
        ["tag_map"] = chunk.Tags.ToDictionary(t => t.Key, t => (Value)t.Value),
        ["model_id"] = modelId,
    };

    public static IndexedChunk ToChunk(MapField<string, Value> payload) => new(
        ChunkId: payload["chunk_id"].StringValue,
        DocumentId: payload[DocumentId].StringValue,
        Collection: payload["collection"].StringValue,
        FileName: payload["file_name"].StringValue,
        ChunkIndex: (int)payload["chunk_index"].IntegerValue,
        Text: payload["text"].StringValue,
        HeadingPath: payload["heading_path"].StringValue,
        Page: (int)payload["page"].IntegerValue,
        LastPage: (int)payload["last_page"].IntegerValue,
        Start: (int)payload["start"].IntegerValue,
        End: (int)payload["end"].IntegerValue,
        Tags: payload.TryGetValue("tag_map", out var map) && map.StructValue is { } fields
            ? fields.Fields.ToDictionary(f => f.Key, f => f.Value.StringValue)
            : []);

    /// <summary>The indexed form of one tag: "key=value", with '\\' and '=' in the key escaped so the pair is unambiguous.</summary>
    public static string TagTerm(string key, string value) => $"{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal)}={value}";
}
