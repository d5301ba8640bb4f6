using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// A document's tags in the embedded index, stored once per document: the map as JSON in <c>documents</c>
/// (returned with each hit) and one <c>document_tags</c> row per tag (what filters look up).
/// </summary>
internal static class DocumentTags
{
    /// <summary>Records the document's tags, replacing different ones; unchanged tags cost one read.</summary>
    public static void Write(SqliteConnection connection, SqliteTransaction transaction, string collection, string documentId, IReadOnlyDictionary<string, string> tags)
    {
        var json = JsonSerializer.Serialize(new SortedDictionary<string, string>(tags.ToDictionary(), StringComparer.Ordinal));
        if (Read(connection, transaction, collection, documentId) == json)
        {
            return;
        }

        Delete(connection, transaction, collection, documentId);
        using var document = Command(connection, transaction, "INSERT INTO documents (collection, document_id, tags) VALUES ($collection, $document, $tags)", collection, documentId);
        document.Parameters.AddWithValue("$tags", json);
        document.ExecuteNonQuery();
        using var tag = Command(connection, transaction, "INSERT INTO document_tags (collection, key, value, document_id) VALUES ($collection, $key, $value, $document)", collection, documentId);
        var key = tag.Parameters.Add("$key", SqliteType.Text);
        var value = tag.Parameters.Add("$value", SqliteType.Text);
        foreach (var pair in tags)
        {
            key.Value = pair.Key;
            value.Value = pair.Value;
            tag.ExecuteNonQuery();
        }
    }

    /// <summary>Removes the document's tags (nothing when it has none).</summary>
    public static void Delete(SqliteConnection connection, SqliteTransaction transaction, string collection, string documentId)
    {
        if (Read(connection, transaction, collection, documentId) is not { } json)
        {
            return;
        }

        // Each tag row is found by its primary key (collection, key, value, document).
        using var tag = Command(connection, transaction, "DELETE FROM document_tags WHERE collection = $collection AND key = $key AND value = $value AND document_id = $document", collection, documentId);
        var key = tag.Parameters.Add("$key", SqliteType.Text);
        var value = tag.Parameters.Add("$value", SqliteType.Text);
        foreach (var pair in JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [])
        {
            key.Value = pair.Key;
            value.Value = pair.Value;
            tag.ExecuteNonQuery();
        }

        using var document = Command(connection, transaction, "DELETE FROM documents WHERE collection = $collection AND document_id = $document", collection, documentId);
        document.ExecuteNonQuery();
    }

    private static string? Read(SqliteConnection connection, SqliteTransaction transaction, string collection, string documentId)
    {
        using var command = Command(connection, transaction, "SELECT tags FROM documents WHERE collection = $collection AND document_id = $document", collection, documentId);
        return command.ExecuteScalar() as string;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string collection, string documentId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$collection", collection);
        command.Parameters.AddWithValue("$document", documentId);
        return command;
    }
}
