using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>Turns a <see cref="ChunkFilter"/> into a parameterised WHERE clause over <c>chunks c</c>.</summary>
internal static class SqlChunkFilter
{
    /// <summary>The condition (without WHERE); adds its parameters to <paramref name="command"/>. An empty document list does not restrict.</summary>
    public static string Condition(ChunkFilter filter, SqliteCommand command)
    {
        var sql = new StringBuilder("c.collection = $collection");
        command.Parameters.AddWithValue("$collection", filter.Collection);
        if (filter.DocumentIds is { Count: > 0 } documents)
        {
            sql.Append(" AND c.document_id IN (SELECT value FROM json_each($documents))");
            command.Parameters.AddWithValue("$documents", JsonSerializer.Serialize(documents));
        }

        var i = 0;
        foreach (var (key, value) in filter.Tags ?? new Dictionary<string, string>())
        {
            // Tags are stored once per document: the documents carrying the tag, then their chunks.
            sql.Append($" AND c.document_id IN (SELECT t.document_id FROM document_tags t WHERE t.collection = $collection AND t.key = $tk{i} AND t.value = $tv{i})");
            command.Parameters.AddWithValue($"$tk{i}", key);
            command.Parameters.AddWithValue($"$tv{i}", value);
            i++;
        }

        return sql.ToString();
    }

    /// <summary>Whether the filter narrows the collection at all.</summary>
    public static bool IsSelective(ChunkFilter filter) => filter.DocumentIds is { Count: > 0 } || filter.Tags is { Count: > 0 };
}
