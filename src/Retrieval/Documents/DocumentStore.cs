using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Folio.Retrieval.Documents;

/// <summary>
/// Documents' metadata and the durable ingestion queue, in one SQLite database (WAL) in the data folder.
/// A document row is the queue entry: workers claim the oldest due <see cref="DocumentStatus.Queued"/>
/// row; its <see cref="IngestionStage"/> says where to resume. Thread-safe.
/// </summary>
public sealed class DocumentStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Opens (creating if needed) the store in <paramref name="dataFolder"/>.</summary>
    public DocumentStore(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        _database = new SqliteDatabase(Path.Combine(dataFolder, "documents.db"));
        using var connection = Open();
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS documents (
                id TEXT PRIMARY KEY,
                collection TEXT NOT NULL,
                file_name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                tags TEXT NOT NULL,
                status INTEGER NOT NULL,
                stage INTEGER NOT NULL,
                error_code TEXT,
                error_detail TEXT,
                pages INTEGER NOT NULL DEFAULT 0,
                chunks INTEGER NOT NULL DEFAULT 0,
                chunks_embedded INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                claims INTEGER NOT NULL DEFAULT 0,
                generation TEXT NOT NULL,
                due_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                seq INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS documents_queue ON documents (status, due_at, seq);
            CREATE INDEX IF NOT EXISTS documents_list ON documents (collection, seq);
            CREATE TABLE IF NOT EXISTS document_tags (
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (document_id, key)
            );
            CREATE INDEX IF NOT EXISTS document_tags_lookup ON document_tags (key, value);
            """);
    }

    /// <summary>The id of the document holding <paramref name="sha256"/> in <paramref name="collection"/>: the same bytes are one document.</summary>
    public static string DocumentId(string collection, string sha256) =>
        "d_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(collection + "\n" + sha256)))[..20];

    /// <summary>
    /// Adds a queued document, or returns the existing one with the same bytes in the collection; an
    /// existing document that failed is queued again from the start (uploading it again is the retry).
    /// </summary>
    /// <returns>The stored record and whether this call created it.</returns>
    public async Task<(DocumentRecord Document, bool Created)> AddAsync(string collection, string fileName, string mediaType, string sha256,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        var id = DocumentId(collection, sha256);
        var now = Now();
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = Command(connection, """
            INSERT INTO documents (id, collection, file_name, media_type, sha256, tags, status, stage, generation, due_at, created_at, updated_at, seq)
            VALUES ($id, $collection, $fileName, $mediaType, $sha256, $tags, $status, $stage, $generation, $now, $now, $now,
                    (SELECT COALESCE(MAX(seq), 0) + 1 FROM documents))
            ON CONFLICT (id) DO UPDATE SET status = $status, stage = $stage, attempts = 0, claims = 0, generation = $generation,
                error_code = NULL, error_detail = NULL, due_at = $now, updated_at = $now
                WHERE documents.status = $failed
            """, ("$failed", (int)DocumentStatus.Failed), ("$id", id), ("$collection", collection), ("$fileName", fileName), ("$mediaType", mediaType), ("$sha256", sha256),
            ("$tags", JsonSerializer.Serialize(tags)), ("$generation", Guid.NewGuid().ToString("N")), ("$status", (int)DocumentStatus.Queued), ("$stage", (int)IngestionStage.Parse), ("$now", now));
        insert.Transaction = transaction;
        var existed = await ExistsAsync(connection, transaction, id, cancellationToken);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        var created = !existed;
        if (created)
        {
            foreach (var (key, value) in tags)
            {
                await using var tag = Command(connection, "INSERT INTO document_tags (document_id, key, value) VALUES ($id, $key, $value)",
                    ("$id", id), ("$key", key), ("$value", value));
                tag.Transaction = transaction;
                await tag.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return ((await GetAsync(id, cancellationToken))!, created);
    }

    /// <summary>The document, or null.</summary>
    public async Task<DocumentRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT * FROM documents WHERE id = $id", ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>A page of documents, oldest first, filtered by collection, status and one tag.</summary>
    public async Task<DocumentPage> ListAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        var after = query.Cursor is null ? 0 : DecodeCursor(query.Cursor);
        var sql = new StringBuilder("SELECT * FROM documents d WHERE seq > $after");
        var parameters = new List<(string, object)> { ("$after", after), ("$limit", query.Limit + 1) };
        if (query.Collection is not null)
        {
            sql.Append(" AND collection = $collection");
            parameters.Add(("$collection", query.Collection));
        }

        if (query.Collections is { } collections)
        {
            var names = collections.Select((name, i) => ($"$c{i}", (object)name)).ToList();
            sql.Append(names.Count == 0 ? " AND 0" : $" AND collection IN ({string.Join(", ", names.Select(n => n.Item1))})");
            parameters.AddRange(names);
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = $status");
            parameters.Add(("$status", (int)status));
        }

        if (query.Tag is { } tag)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM document_tags t WHERE t.document_id = d.id AND t.key = $key AND t.value = $value)");
            parameters.Add(("$key", tag.Key));
            parameters.Add(("$value", tag.Value));
        }

        sql.Append(" ORDER BY seq LIMIT $limit");
        await using var connection = Open();
        await using var command = Command(connection, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var documents = new List<(DocumentRecord Record, long Seq)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            documents.Add((Read(reader), reader.GetInt64(reader.GetOrdinal("seq"))));
        }

        var hasMore = documents.Count > query.Limit;
        var page = documents.Take(query.Limit).ToList();
        return new DocumentPage(page.Select(d => d.Record).ToList(), hasMore ? EncodeCursor(page[^1].Seq) : null);
    }

    /// <summary>The collections holding at least one document, by name, each with when its first document arrived.</summary>
    public async Task<IReadOnlyList<(string Name, DateTimeOffset Created)>> CollectionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT collection, MIN(created_at) FROM documents GROUP BY collection ORDER BY collection");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var collections = new List<(string, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            collections.Add((reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
        }

        return collections;
    }

    /// <summary>
    /// Claims the oldest queued document that is due, marking it <see cref="DocumentStatus.Processing"/>;
    /// null when none is waiting.
    /// </summary>
    public async Task<DocumentRecord?> ClaimNextAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, """
            UPDATE documents SET status = $processing, claims = claims + 1, updated_at = $now
            WHERE id = (SELECT id FROM documents WHERE status = $queued AND due_at <= $now ORDER BY seq LIMIT 1)
            RETURNING *
            """, ("$processing", (int)DocumentStatus.Processing), ("$queued", (int)DocumentStatus.Queued), ("$now", Now()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>When the next queued document becomes due (for retry back-off), or null if none is queued.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT MIN(due_at) FROM documents WHERE status = $queued", ("$queued", (int)DocumentStatus.Queued));
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null;
    }

    /// <summary>
    /// At start-up: puts documents a killed process left <see cref="DocumentStatus.Processing"/> back in
    /// the queue — except those already claimed <paramref name="maxClaims"/> times, which fail as
    /// <c>document_unreadable</c>: a file that takes the whole process down (with <c>Parsing:Isolation=InProcess</c>,
    /// a parser stack overflow cannot be caught) would otherwise crash the service again at every restart.
    /// A claim counts only when it ends this way: a graceful stop releases it (<see cref="ReleaseAsync"/>).
    /// </summary>
    /// <returns>How many were requeued, and the documents failed (their index entries are the caller's to remove).</returns>
    public async Task<(int Requeued, IReadOnlyList<DocumentRecord> Failed)> RequeueInterruptedAsync(int maxClaims, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var fail = Command(connection, """
            UPDATE documents SET status = $failed, error_code = 'document_unreadable',
                error_detail = 'Processing this document stopped the service ' || claims || ' times; it is not retried.', updated_at = $now
            WHERE status = $processing AND claims >= $maxClaims
            RETURNING *
            """, ("$failed", (int)DocumentStatus.Failed), ("$processing", (int)DocumentStatus.Processing), ("$maxClaims", maxClaims), ("$now", Now()));
        var failed = new List<DocumentRecord>();
        await using (var reader = await fail.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                failed.Add(Read(reader));
            }
        }

        await using var requeue = Command(connection, "UPDATE documents SET status = $queued, due_at = $now WHERE status = $processing",
            ("$queued", (int)DocumentStatus.Queued), ("$processing", (int)DocumentStatus.Processing), ("$now", Now()));
        return (await requeue.ExecuteNonQueryAsync(cancellationToken), failed);
    }

    /// <summary>Records that a stage finished: the next stage, and the counts it learned.</summary>
    /// <returns>False when the document was deleted meanwhile (or deleted and uploaded again: a new generation).</returns>
    public Task<bool> CompleteStageAsync(DocumentRecord document, IngestionStage next, int? pages = null, int? chunks = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(document, """
            stage = $stage, pages = COALESCE($pages, pages), chunks = COALESCE($chunks, chunks),
            status = CASE WHEN $stage = $done THEN $ready ELSE status END, error_code = NULL, error_detail = NULL
            """, cancellationToken, ("$stage", (int)next), ("$pages", (object?)pages ?? DBNull.Value), ("$chunks", (object?)chunks ?? DBNull.Value),
            ("$done", (int)IngestionStage.Done), ("$ready", (int)DocumentStatus.Ready));

    /// <summary>Records embedding progress.</summary>
    public Task<bool> ReportProgressAsync(DocumentRecord document, int chunksEmbedded, CancellationToken cancellationToken = default) =>
        UpdateAsync(document, "chunks_embedded = $done", cancellationToken, ("$done", chunksEmbedded));

    /// <summary>Fails the document for good.</summary>
    public Task<bool> FailAsync(DocumentRecord document, DocumentError error, CancellationToken cancellationToken = default) =>
        UpdateAsync(document, "status = $failed, error_code = $code, error_detail = $detail", cancellationToken,
            ("$failed", (int)DocumentStatus.Failed), ("$code", error.Code), ("$detail", error.Detail));

    /// <summary>
    /// Puts a document back in the queue because the worker is stopping (a graceful shutdown), to resume
    /// from its last finished stage at the next start. The process survived this claim, so it does not count
    /// towards <c>MaxClaims</c>: only a claim that ends in a crash does.
    /// </summary>
    public Task<bool> ReleaseAsync(DocumentRecord document, CancellationToken cancellationToken = default) =>
        UpdateAsync(document, "status = $queued, claims = MAX(claims - 1, 0), due_at = $now", cancellationToken, ("$queued", (int)DocumentStatus.Queued));

    /// <summary>Puts the document back in the queue after a transient failure, due after <paramref name="delay"/>.</summary>
    public Task<bool> RetryLaterAsync(DocumentRecord document, TimeSpan delay, DocumentError error, CancellationToken cancellationToken = default) =>
        // The process survived this claim, so it does not count towards MaxClaims.
        UpdateAsync(document, "status = $queued, attempts = attempts + 1, claims = MAX(claims - 1, 0), due_at = $due, error_code = $code, error_detail = $detail", cancellationToken,
            ("$queued", (int)DocumentStatus.Queued), ("$due", Now() + (long)delay.TotalMilliseconds), ("$code", error.Code), ("$detail", error.Detail));

    /// <summary>
    /// Queues a ready document again from the first stage (each stage is idempotent, and embeddings come
    /// from the cache): used at start-up when the index holds fewer of its chunks than it was cut into.
    /// </summary>
    public Task<bool> RequeueAsync(DocumentRecord document, CancellationToken cancellationToken = default) =>
        UpdateAsync(document, "status = $queued, stage = $parse, attempts = 0, claims = 0, due_at = $now, error_code = NULL, error_detail = NULL", cancellationToken,
            ("$queued", (int)DocumentStatus.Queued), ("$parse", (int)IngestionStage.Parse));

    /// <summary>Whether the document's row still exists with the generation <paramref name="document"/> was claimed with.</summary>
    public async Task<bool> IsCurrentAsync(DocumentRecord document, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT 1 FROM documents WHERE id = $id AND generation = $generation",
            ("$id", document.Id), ("$generation", document.Generation));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Removes the document's row; returns false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, "DELETE FROM document_tags WHERE document_id = $id; DELETE FROM documents WHERE id = $id", ("$id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    // Updates carry the generation the worker claimed: a document deleted and uploaded again has the same
    // id but a new generation, so a worker still busy with the old one cannot touch the new row.
    private async Task<bool> UpdateAsync(DocumentRecord document, string assignments, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open();
        await using var command = Command(connection, $"UPDATE documents SET {assignments}, updated_at = $now WHERE id = $id AND generation = $generation",
            [("$id", document.Id), ("$generation", document.Generation), ("$now", Now()), .. parameters]);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<bool> ExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "SELECT 1 FROM documents WHERE id = $id", ("$id", id));
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static DocumentRecord Read(SqliteDataReader reader)
    {
        string? Text(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
        int Number(string column) => reader.GetInt32(reader.GetOrdinal(column));
        var errorCode = Text("error_code");
        return new DocumentRecord(
            Text("id")!, Text("collection")!, Text("file_name")!, Text("media_type")!, Text("sha256")!,
            JsonSerializer.Deserialize<Dictionary<string, string>>(Text("tags")!)!,
            (DocumentStatus)Number("status"), (IngestionStage)Number("stage"),
            errorCode is null ? null : new DocumentError(errorCode, Text("error_detail") ?? string.Empty),
            Number("pages"), Number("chunks"), Number("chunks_embedded"), Number("attempts"),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(reader.GetOrdinal("created_at"))),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(reader.GetOrdinal("updated_at"))),
            Text("generation")!);
    }

    private static string EncodeCursor(long seq) => Convert.ToBase64String(Encoding.UTF8.GetBytes("seq:" + seq.ToString(CultureInfo.InvariantCulture)));

    private static long DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("seq:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(4), CultureInfo.InvariantCulture, out var seq))
            {
                return seq;
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The cursor is not one this service issued.", nameof(cursor));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private SqliteConnection Open() => _database.Open();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
