using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// The embedded index's source of truth: chunks, their vectors (BLOBs), tags, an FTS5 table over text and
/// heading path kept in step by triggers, and one row per collection. SQLite in WAL mode, so searches
/// read while a write is under way; each call opens a pooled connection.
/// </summary>
internal sealed class ChunkStore
{
    private const string Columns = "c.id, c.chunk_id, c.document_id, c.collection, c.file_name, c.chunk_index, c.text, c.heading_path, c.page, c.last_page, c.start, c.\"end\", c.tags";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS collections (
            name TEXT PRIMARY KEY,
            model_id TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            generation INTEGER NOT NULL DEFAULT 0,
            saved_generation INTEGER NOT NULL DEFAULT -1,
            saved_bytes INTEGER NOT NULL DEFAULT -1);
        -- AUTOINCREMENT: a row id is a key in the HNSW graph and must never be reused for another chunk.
        CREATE TABLE IF NOT EXISTS chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            chunk_id TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL,
            collection TEXT NOT NULL,
            file_name TEXT NOT NULL,
            chunk_index INTEGER NOT NULL,
            text TEXT NOT NULL,
            heading_path TEXT NOT NULL,
            page INTEGER NOT NULL,
            last_page INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            tags TEXT NOT NULL,
            model_id TEXT NOT NULL,
            vector BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (collection, document_id);
        CREATE TABLE IF NOT EXISTS chunk_tags (
            chunk INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (chunk, key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS chunk_tags_by_value ON chunk_tags (key, value);
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (
            text, heading_path, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
        CREATE TRIGGER IF NOT EXISTS chunks_after_insert AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts (rowid, text, heading_path) VALUES (new.id, new.text, new.heading_path);
        END;
        CREATE TRIGGER IF NOT EXISTS chunks_after_delete AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts (chunks_fts, rowid, text, heading_path) VALUES ('delete', old.id, old.text, old.heading_path);
            DELETE FROM chunk_tags WHERE chunk = old.id;
        END;
        """;

    private readonly SqliteDatabase _database;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public ChunkStore(string path)
    {
        _database = new SqliteDatabase(path);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    /// <summary>The collection's row, or <c>null</c> when it holds nothing.</summary>
    public CollectionRecord? GetCollection(string name)
    {
        using var connection = Open();
        return ReadCollection(connection, null, name);
    }

    /// <summary>Chunks matching the filter.</summary>
    public long Count(ChunkFilter filter)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM chunks c WHERE {SqlChunkFilter.Condition(filter, command)}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Chunks per (collection, document), read from the <c>chunks_by_document</c> index.</summary>
    public List<IndexedDocument> CountByDocument()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT collection, document_id, COUNT(*) FROM chunks GROUP BY collection, document_id";
        using var reader = command.ExecuteReader();
        var documents = new List<IndexedDocument>();
        while (reader.Read())
        {
            documents.Add(new IndexedDocument(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return documents;
    }

    /// <summary>Chunks matching the filter, counting no further than <paramref name="cap"/> + 1.</summary>
    public long CountUpTo(ChunkFilter filter, int cap)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 FROM chunks c WHERE {SqlChunkFilter.Condition(filter, command)} LIMIT $cap)";
        command.Parameters.AddWithValue("$cap", cap + 1L);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Replaces the chunks (by chunk id) in one transaction, registering the collection on its first
    /// chunks. Returns the updated collection row, the graph keys of replaced rows and the new rows' keys.
    /// </summary>
    /// <exception cref="IndexModelMismatchException">The collection holds another model's vectors.</exception>
    /// <exception cref="ArgumentException">Another dimension, or a chunk id already used in another collection.</exception>
    public (CollectionRecord Collection, List<ulong> Replaced, ulong[] Added) Upsert(string collection, string modelId, int dimensions, IReadOnlyList<ChunkVector> chunks)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var existing = ReadCollection(connection, transaction, collection);
        if (existing is not null && existing.ModelId != modelId)
        {
            throw new IndexModelMismatchException(collection, existing.ModelId, modelId);
        }

        if (existing is not null && existing.Dimensions != dimensions)
        {
            throw new ArgumentException($"Collection '{collection}' holds {existing.Dimensions}-dimensional vectors; these have {dimensions}.", nameof(chunks));
        }

        using (var register = connection.CreateCommand())
        {
            register.Transaction = transaction;
            register.CommandText = """
                INSERT INTO collections (name, model_id, dimensions, generation) VALUES ($name, $model, $dimensions, 1)
                ON CONFLICT (name) DO UPDATE SET generation = generation + 1
                """;
            register.Parameters.AddWithValue("$name", collection);
            register.Parameters.AddWithValue("$model", modelId);
            register.Parameters.AddWithValue("$dimensions", dimensions);
            register.ExecuteNonQuery();
        }

        using var remove = connection.CreateCommand();
        remove.Transaction = transaction;
        remove.CommandText = "DELETE FROM chunks WHERE chunk_id = $id RETURNING id, collection";
        var removeId = remove.Parameters.Add("$id", SqliteType.Text);

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO chunks (chunk_id, document_id, collection, file_name, chunk_index, text, heading_path, page, last_page, start, "end", tags, model_id, vector)
            VALUES ($chunk_id, $document_id, $collection, $file_name, $chunk_index, $text, $heading_path, $page, $last_page, $start, $end, $tags, $model_id, $vector)
            RETURNING id
            """;
        string[] names = ["$chunk_id", "$document_id", "$collection", "$file_name", "$chunk_index", "$text", "$heading_path", "$page", "$last_page", "$start", "$end", "$tags", "$model_id", "$vector"];
        foreach (var name in names)
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        using var tag = connection.CreateCommand();
        tag.Transaction = transaction;
        tag.CommandText = "INSERT INTO chunk_tags (chunk, key, value) VALUES ($chunk, $key, $value)";
        var tagChunk = tag.Parameters.Add("$chunk", SqliteType.Integer);
        var tagKey = tag.Parameters.Add("$key", SqliteType.Text);
        var tagValue = tag.Parameters.Add("$value", SqliteType.Text);

        var replaced = new List<ulong>();
        var added = new ulong[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i].Chunk;
            removeId.Value = chunk.ChunkId;
            using (var reader = remove.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (reader.GetString(1) != collection)
                    {
                        throw new ArgumentException($"Chunk id '{chunk.ChunkId}' is already indexed in collection '{reader.GetString(1)}'.", nameof(chunks));
                    }

                    replaced.Add((ulong)reader.GetInt64(0));
                }
            }

            object[] values =
            [
                chunk.ChunkId, chunk.DocumentId, chunk.Collection, chunk.FileName, chunk.ChunkIndex, chunk.Text, chunk.HeadingPath,
                chunk.Page, chunk.LastPage, chunk.Start, chunk.End, JsonSerializer.Serialize(chunk.Tags), modelId,
                MemoryMarshal.AsBytes(chunks[i].Vector.Span).ToArray(),
            ];
            for (var p = 0; p < values.Length; p++)
            {
                insert.Parameters[p].Value = values[p];
            }

            var id = (long)insert.ExecuteScalar()!;
            added[i] = (ulong)id;
            foreach (var (key, value) in chunk.Tags)
            {
                tagChunk.Value = id;
                tagKey.Value = key;
                tagValue.Value = value;
                tag.ExecuteNonQuery();
            }
        }

        var updated = ReadCollection(connection, transaction, collection)!;
        transaction.Commit();
        return (updated, replaced, added);
    }

    /// <summary>
    /// Deletes a document's chunks (FTS rows and tags follow by trigger). Returns their graph keys and the
    /// collection's row afterwards; <c>null</c> when the collection is now empty, whose row (and model binding) is dropped.
    /// </summary>
    public (List<ulong> Removed, CollectionRecord? Collection) DeleteDocument(string collection, string documentId)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var removed = new List<ulong>();
        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM chunks WHERE collection = $collection AND document_id = $document RETURNING id";
            delete.Parameters.AddWithValue("$collection", collection);
            delete.Parameters.AddWithValue("$document", documentId);
            using var reader = delete.ExecuteReader();
            while (reader.Read())
            {
                removed.Add((ulong)reader.GetInt64(0));
            }
        }

        if (removed.Count > 0)
        {
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                DELETE FROM collections WHERE name = $name AND NOT EXISTS (SELECT 1 FROM chunks WHERE collection = $name);
                UPDATE collections SET generation = generation + 1 WHERE name = $name;
                """;
            update.Parameters.AddWithValue("$name", collection);
            update.ExecuteNonQuery();
        }

        var record = ReadCollection(connection, transaction, collection);
        transaction.Commit();
        return (removed, record);
    }

    /// <summary>Records that the graph file now reflects <paramref name="generation"/> and is <paramref name="bytes"/> long.</summary>
    public void MarkSaved(string collection, long generation, long bytes)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE collections SET saved_generation = $generation, saved_bytes = $bytes WHERE name = $name";
        command.Parameters.AddWithValue("$generation", generation);
        command.Parameters.AddWithValue("$bytes", bytes);
        command.Parameters.AddWithValue("$name", collection);
        command.ExecuteNonQuery();
    }

    /// <summary>The chunks among <paramref name="keys"/> that still exist and pass the filter, by key.</summary>
    public Dictionary<ulong, IndexedChunk> GetByKeys(IReadOnlyCollection<ulong> keys, ChunkFilter filter)
    {
        var found = new Dictionary<ulong, IndexedChunk>(keys.Count);
        if (keys.Count == 0)
        {
            return found;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        // CROSS JOIN fixes the loop order (keys, then rows by id): otherwise the planner may walk the whole collection by its index.
        command.CommandText = $"SELECT {Columns} FROM json_each($keys) k CROSS JOIN chunks c ON c.id = k.value WHERE {SqlChunkFilter.Condition(filter, command)}";
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(keys));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found[(ulong)reader.GetInt64(0)] = ReadChunk(reader);
        }

        return found;
    }

    /// <summary>Every (key, vector) passing the filter, streamed (graph rebuilds, exact search).</summary>
    public IEnumerable<(ulong Key, float[] Vector)> ReadVectors(ChunkFilter filter)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT c.id, c.vector FROM chunks c WHERE {SqlChunkFilter.Condition(filter, command)} ORDER BY c.id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(1);
            yield return ((ulong)reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(bytes).ToArray());
        }
    }

    /// <summary>FTS5 search with bm25 ranking; score = −bm25 (higher is better). CROSS JOIN keeps FTS5 as the outer loop.</summary>
    public List<ChunkHit> SearchKeywords(string matchExpression, ChunkFilter filter, int topK, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}, bm25(chunks_fts) AS rank
            FROM chunks_fts CROSS JOIN chunks c ON c.id = chunks_fts.rowid
            WHERE chunks_fts MATCH $match AND {SqlChunkFilter.Condition(filter, command)}
            ORDER BY rank LIMIT $topK
            """;
        command.Parameters.AddWithValue("$match", matchExpression);
        command.Parameters.AddWithValue("$topK", topK);
        using var registration = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        var hits = new List<ChunkHit>();
        while (reader.Read())
        {
            hits.Add(new ChunkHit(ReadChunk(reader), -reader.GetDouble(13)));
        }

        return hits;
    }

    /// <summary>Closes pooled connections (so the folder can be deleted after dispose).</summary>
    public void ReleaseConnections() => _database.ReleaseConnections();

    private static CollectionRecord? ReadCollection(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name, model_id, dimensions, generation, saved_generation, saved_bytes FROM collections WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new CollectionRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5))
            : null;
    }

    private static IndexedChunk ReadChunk(SqliteDataReader reader) => new(
        ChunkId: reader.GetString(1),
        DocumentId: reader.GetString(2),
        Collection: reader.GetString(3),
        FileName: reader.GetString(4),
        ChunkIndex: reader.GetInt32(5),
        Text: reader.GetString(6),
        HeadingPath: reader.GetString(7),
        Page: reader.GetInt32(8),
        LastPage: reader.GetInt32(9),
        Start: reader.GetInt32(10),
        End: reader.GetInt32(11),
        Tags: JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(12)) ?? []);

    private SqliteConnection Open() => _database.Open();
}
