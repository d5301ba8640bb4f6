using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// The embedded index's source of truth: chunks and their vectors (BLOBs), each document's tags (once per
/// document), one FTS5 table per collection over text and heading path, and one row per collection
/// (<see cref="ChunkSchema"/>). SQLite in WAL mode, so searches read while a write is under way; each call
/// opens a pooled connection.
/// </summary>
internal sealed class ChunkStore
{
    private const string Columns = """
        c.id, c.chunk_id, c.document_id, c.collection, c.file_name, c.chunk_index, c.text, c.heading_path, c.page, c.last_page, c.start, c."end",
        (SELECT d.tags FROM documents d WHERE d.collection = c.collection AND d.document_id = c.document_id)
        """;

    private readonly SqliteDatabase _database;

    /// <summary>Opens (creating or upgrading if needed) the database at <paramref name="path"/>.</summary>
    public ChunkStore(string path)
    {
        _database = new SqliteDatabase(path);
        using var connection = Open();
        ChunkSchema.Apply(connection);
    }

    /// <summary>The collection's row, or <c>null</c> when it holds nothing.</summary>
    public CollectionRecord? GetCollection(string name)
    {
        using var connection = Open();
        return ReadCollection(connection, null, name);
    }

    /// <summary>Chunks matching the filter; with <paramref name="upToKey"/>, only those whose key is at most that.</summary>
    public long Count(ChunkFilter filter, long? upToKey = null)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM chunks c WHERE {SqlChunkFilter.Condition(filter, command)} AND c.id <= $upTo";
        command.Parameters.AddWithValue("$upTo", upToKey ?? long.MaxValue);
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
    /// chunks, and records each document's tags once. Returns the updated collection row, the graph keys of
    /// replaced rows and the new rows' keys.
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

        ChunkSchema.CreateFts(connection, transaction, collection);
        var fts = ChunkSchema.FtsTable(collection);
        using var remove = Command(connection, transaction, "DELETE FROM chunks WHERE chunk_id = $id RETURNING id, collection");
        var removeId = remove.Parameters.Add("$id", SqliteType.Text);
        using var removeWords = Command(connection, transaction, $"DELETE FROM {fts} WHERE rowid = $id");
        var removeWordsId = removeWords.Parameters.Add("$id", SqliteType.Integer);
        using var insert = Command(connection, transaction, """
            INSERT INTO chunks (chunk_id, document_id, collection, file_name, chunk_index, text, heading_path, page, last_page, start, "end", model_id, vector)
            VALUES ($chunk_id, $document_id, $collection, $file_name, $chunk_index, $text, $heading_path, $page, $last_page, $start, $end, $model_id, $vector)
            RETURNING id
            """);
        string[] names = ["$chunk_id", "$document_id", "$collection", "$file_name", "$chunk_index", "$text", "$heading_path", "$page", "$last_page", "$start", "$end", "$model_id", "$vector"];
        foreach (var name in names)
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        using var words = Command(connection, transaction, $"INSERT INTO {fts} (rowid, text, heading_path) VALUES ($id, $text, $heading_path)");
        var wordsId = words.Parameters.Add("$id", SqliteType.Integer);
        var wordsText = words.Parameters.Add("$text", SqliteType.Text);
        var wordsHeading = words.Parameters.Add("$heading_path", SqliteType.Text);

        var replaced = new List<ulong>();
        var added = new ulong[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i].Chunk;
            removeId.Value = chunk.ChunkId;
            var before = replaced.Count;
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

            foreach (var key in replaced.Skip(before))
            {
                removeWordsId.Value = (long)key;
                removeWords.ExecuteNonQuery();
            }

            object[] values =
            [
                chunk.ChunkId, chunk.DocumentId, chunk.Collection, chunk.FileName, chunk.ChunkIndex, chunk.Text, chunk.HeadingPath,
                chunk.Page, chunk.LastPage, chunk.Start, chunk.End, modelId, MemoryMarshal.AsBytes(chunks[i].Vector.Span).ToArray(),
            ];
            for (var p = 0; p < values.Length; p++)
            {
                insert.Parameters[p].Value = values[p];
            }

            var id = (long)insert.ExecuteScalar()!;
            added[i] = (ulong)id;
            wordsId.Value = id;
            wordsText.Value = chunk.Text;
            wordsHeading.Value = chunk.HeadingPath;
            words.ExecuteNonQuery();
        }

        foreach (var document in chunks.Select(c => c.Chunk).DistinctBy(c => c.DocumentId))
        {
            DocumentTags.Write(connection, transaction, collection, document.DocumentId, document.Tags);
        }

        var updated = ReadCollection(connection, transaction, collection)!;
        transaction.Commit();
        return (updated, replaced, added);
    }

    /// <summary>
    /// Deletes a document's chunks, keyword entries and tags. Returns their graph keys and the collection's
    /// row afterwards; <c>null</c> when the collection is now empty, whose row (and model binding) is dropped.
    /// </summary>
    public (List<ulong> Removed, CollectionRecord? Collection) DeleteDocument(string collection, string documentId)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var removed = new List<ulong>();
        using (var delete = Command(connection, transaction, "DELETE FROM chunks WHERE collection = $collection AND document_id = $document RETURNING id"))
        {
            delete.Parameters.AddWithValue("$collection", collection);
            delete.Parameters.AddWithValue("$document", documentId);
            using var reader = delete.ExecuteReader();
            while (reader.Read())
            {
                removed.Add((ulong)reader.GetInt64(0));
            }
        }

        DocumentTags.Delete(connection, transaction, collection, documentId);
        if (removed.Count > 0)
        {
            using var words = Command(connection, transaction, $"DELETE FROM {ChunkSchema.FtsTable(collection)} WHERE rowid = $id");
            var id = words.Parameters.Add("$id", SqliteType.Integer);
            foreach (var key in removed)
            {
                id.Value = (long)key;
                words.ExecuteNonQuery();
            }

            // An emptied collection keeps its (empty) FTS table: a search that read the row just before may still be querying it.
            using var update = Command(connection, transaction, """
                DELETE FROM collections WHERE name = $name AND NOT EXISTS (SELECT 1 FROM chunks WHERE collection = $name);
                UPDATE collections SET generation = generation + 1 WHERE name = $name;
                """);
            update.Parameters.AddWithValue("$name", collection);
            update.ExecuteNonQuery();
        }

        var record = ReadCollection(connection, transaction, collection);
        transaction.Commit();
        return (removed, record);
    }

    /// <summary>Records that the graph file now holds every chunk up to <paramref name="savedKey"/> and is <paramref name="bytes"/> long.</summary>
    public void MarkSaved(string collection, long savedKey, long bytes)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE collections SET saved_key = $key, saved_bytes = $bytes WHERE name = $name";
        command.Parameters.AddWithValue("$key", savedKey);
        command.Parameters.AddWithValue("$bytes", bytes);
        command.Parameters.AddWithValue("$name", collection);
        command.ExecuteNonQuery();
    }

    /// <summary>The largest chunk key of the collection (0 when empty).</summary>
    public long MaxKey(string collection)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM chunks WHERE collection = $collection";
        command.Parameters.AddWithValue("$collection", collection);
        return (long)command.ExecuteScalar()!;
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

    /// <summary>Every (key, vector) passing the filter with a key above <paramref name="afterKey"/>, streamed in key order (graph rebuilds and catch-up, exact search).</summary>
    public IEnumerable<(ulong Key, float[] Vector)> ReadVectors(ChunkFilter filter, long afterKey = 0)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT c.id, c.vector FROM chunks c WHERE {SqlChunkFilter.Condition(filter, command)} AND c.id > $after ORDER BY c.id";
        command.Parameters.AddWithValue("$after", afterKey);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(1);
            yield return ((ulong)reader.GetInt64(0), MemoryMarshal.Cast<byte, float>(bytes).ToArray());
        }
    }

    /// <summary>
    /// How many of the collection's chunks hold each term, counted no further than <paramref name="cap"/> + 1
    /// (so a common word costs no more than a rare one). One statement for all terms.
    /// </summary>
    public Dictionary<string, int> CountTermMatches(string collection, IReadOnlyCollection<string> terms, int cap, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(terms.Count, StringComparer.Ordinal);
        if (terms.Count == 0)
        {
            return counts;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        var fts = ChunkSchema.FtsTable(collection);
        // Terms hold only letters, digits and marks (WordTokens), so quoting them yields a plain FTS5 string.
        command.CommandText = $"""
            SELECT t.value, (SELECT COUNT(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH '"' || t.value || '"' LIMIT $cap))
            FROM json_each($terms) t
            """;
        command.Parameters.AddWithValue("$terms", JsonSerializer.Serialize(terms));
        command.Parameters.AddWithValue("$cap", cap + 1L);
        using var registration = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    /// <summary>
    /// FTS5 search of the filter's collection with bm25 ranking; score = −bm25 (higher is better). Only the
    /// plan's matches are ranked (the newest <see cref="KeywordPlan.Window"/> of them when set); the winners'
    /// rows are read last.
    /// </summary>
    public List<ChunkHit> SearchKeywords(KeywordPlan plan, ChunkFilter filter, int topK, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        var fts = ChunkSchema.FtsTable(filter.Collection);
        // CROSS JOIN keeps FTS5 as the outer loop; unfiltered searches need no join at all to rank.
        var source = SqlChunkFilter.IsSelective(filter)
            ? $"{fts} CROSS JOIN chunks c ON c.id = {fts}.rowid WHERE {fts} MATCH $match AND {SqlChunkFilter.Condition(filter, command)}"
            : $"{fts} WHERE {fts} MATCH $match";
        var ranked = plan.Window is null
            ? $"SELECT {fts}.rowid AS id, bm25({fts}) AS score FROM {source} ORDER BY score LIMIT $topK"
            : $"SELECT id, score FROM (SELECT {fts}.rowid AS id, bm25({fts}) AS score FROM {source} ORDER BY {fts}.rowid DESC LIMIT $window) ORDER BY score LIMIT $topK";
        command.CommandText = $"""
            WITH ranked AS MATERIALIZED ({ranked})
            SELECT {Columns}, ranked.score FROM ranked CROSS JOIN chunks c ON c.id = ranked.id ORDER BY ranked.score
            """;
        command.Parameters.AddWithValue("$match", plan.Match);
        command.Parameters.AddWithValue("$topK", topK);
        command.Parameters.AddWithValue("$window", plan.Window ?? 0);
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

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static CollectionRecord? ReadCollection(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name, model_id, dimensions, generation, saved_key, saved_bytes FROM collections WHERE name = $name";
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
        Tags: reader.IsDBNull(12) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(12)) ?? []);

    private SqliteConnection Open() => _database.Open();
}
