using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Folio.Retrieval;
using Microsoft.Data.Sqlite;
using static Folio.Retrieval.SqliteDatabase;

namespace Folio.Api.Features.Batches;

/// <summary>
/// Batches, their lines and their webhook deliveries, in <c>batches.db</c> in the data folder, the durable queue
/// the way ingestion keeps one (<c>DocumentStore</c>): a line row is the queue entry, a runner claims the oldest due
/// pending line of a running batch (<c>UPDATE … RETURNING</c>), and a line's result and its done mark are one
/// statement, so a killed process leaves each line either done with its result or pending to run again
/// (<see cref="RequeueInterruptedAsync"/>). Every lookup by id names the owner. Thread-safe.
/// </summary>
public sealed class BatchStore
{
    /// <summary>The time columns, in the order a batch reaches them, as OpenAI names them.</summary>
    public static readonly string[] TimeColumns =
        ["created_at", "in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at"];

    private const int Pending = 0;
    private const int Running = 1;
    private const int Done = 2;

    private readonly SqliteDatabase _database;

    public BatchStore(string dataFolder)
    {
        _database = new SqliteDatabase(Path.Combine(dataFolder, "batches.db"));
        using var connection = _database.Open();
        using var command = Command(connection, """
            CREATE TABLE IF NOT EXISTS batches (
                id TEXT PRIMARY KEY,
                owner TEXT,
                endpoint TEXT NOT NULL,
                input_file_id TEXT NOT NULL,
                completion_window TEXT NOT NULL,
                metadata TEXT,
                webhook_url TEXT,
                status INTEGER NOT NULL,
                errors TEXT,
                output_file_id TEXT,
                error_file_id TEXT,
                created_at INTEGER NOT NULL,
                in_progress_at INTEGER, finalizing_at INTEGER, completed_at INTEGER, failed_at INTEGER,
                expired_at INTEGER, cancelling_at INTEGER, cancelled_at INTEGER,
                expires_at INTEGER NOT NULL,
                seq INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS batches_list ON batches (owner, seq);
            CREATE INDEX IF NOT EXISTS batches_open ON batches (status);
            CREATE TABLE IF NOT EXISTS batch_lines (
                batch_id TEXT NOT NULL REFERENCES batches(id),
                line INTEGER NOT NULL,
                owner TEXT,
                custom_id TEXT NOT NULL,
                url TEXT NOT NULL,
                body TEXT NOT NULL,
                state INTEGER NOT NULL,
                due_at INTEGER NOT NULL,
                status_code INTEGER,
                request_id TEXT,
                response TEXT,
                PRIMARY KEY (batch_id, line)
            );
            CREATE INDEX IF NOT EXISTS batch_lines_queue ON batch_lines (state, due_at);
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
                id TEXT PRIMARY KEY,
                batch_id TEXT NOT NULL,
                url TEXT NOT NULL,
                body TEXT NOT NULL,
                delivered INTEGER,
                created_at INTEGER NOT NULL
            );
            """);
        command.ExecuteNonQuery();
    }

    /// <summary>Adds a batch in <see cref="BatchStatus.Validating"/>.</summary>
    public async Task<BatchRecord> CreateAsync(string? owner, string endpoint, string inputFileId, string completionWindow, TimeSpan window,
        IReadOnlyDictionary<string, string>? metadata, string? webhookUrl, CancellationToken cancellationToken = default)
    {
        var id = "batch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var now = DateTimeOffset.UtcNow;
        await using var connection = _database.Open();
        await using var command = Command(connection, """
            INSERT INTO batches (id, owner, endpoint, input_file_id, completion_window, metadata, webhook_url, status, created_at, expires_at, seq)
            VALUES ($id, $owner, $endpoint, $input, $window, $metadata, $webhook, $status, $now, $expires, (SELECT COALESCE(MAX(seq), 0) + 1 FROM batches))
            """, ("$id", id), ("$owner", owner), ("$endpoint", endpoint), ("$input", inputFileId), ("$window", completionWindow),
            ("$metadata", metadata is null ? null : JsonSerializer.Serialize(metadata)), ("$webhook", webhookUrl), ("$status", (int)BatchStatus.Validating),
            ("$now", now.ToUnixTimeMilliseconds()), ("$expires", (now + window).ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (await GetAsync(id, owner, cancellationToken))!;
    }

    /// <summary>The owner's batch, or null.</summary>
    public async Task<BatchRecord?> GetAsync(string id, string? owner, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, $"SELECT * FROM batches WHERE id = $id AND {Infrastructure.Owner.Filter}", ("$id", id), ("$owner", owner));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The owner's batches, newest first, after the batch <paramref name="after"/>, at most <paramref name="limit"/> plus whether there are more.</summary>
    public async Task<(IReadOnlyList<BatchRecord> Batches, bool HasMore)> ListAsync(string? owner, string? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, $"""
            SELECT * FROM batches WHERE {Infrastructure.Owner.Filter} AND ($after IS NULL OR seq < (SELECT seq FROM batches WHERE id = $after))
            ORDER BY seq DESC LIMIT $limit
            """, ("$owner", owner), ("$after", after), ("$limit", limit + 1));
        var batches = await ReadAllAsync(command, cancellationToken);
        return (batches.Take(limit).ToList(), batches.Count > limit);
    }

    /// <summary>The batches not yet in a final status, oldest first (what the runner looks after).</summary>
    public async Task<IReadOnlyList<BatchRecord>> OpenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, "SELECT * FROM batches WHERE status IN ($validating, $inProgress, $finalizing, $cancelling) ORDER BY seq",
            ("$validating", (int)BatchStatus.Validating), ("$inProgress", (int)BatchStatus.InProgress), ("$finalizing", (int)BatchStatus.Finalizing),
            ("$cancelling", (int)BatchStatus.Cancelling));
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Lines in all; done with a 2xx answer; done otherwise; still running.</summary>
    public async Task<(int Total, int Succeeded, int Failed, int Running)> CountAsync(string batchId, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, """
            SELECT COUNT(*),
                   COALESCE(SUM(state = $done AND status_code BETWEEN 200 AND 299), 0),
                   COALESCE(SUM(state = $done AND NOT status_code BETWEEN 200 AND 299), 0),
                   COALESCE(SUM(state = $running), 0)
            FROM batch_lines WHERE batch_id = $id
            """, ("$id", batchId), ("$done", Done), ("$running", Running));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    /// <summary>Stores a validated batch's lines and starts it, in one transaction; false when it left <c>validating</c> meanwhile (cancelled).</summary>
    public async Task<bool> StartAsync(BatchRecord batch, IReadOnlyList<(int Line, string CustomId, string Url, string Body)> lines, CancellationToken cancellationToken = default)
    {
        var batchId = batch.Id;
        var now = Now();
        await using var connection = _database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var start = Command(connection, "UPDATE batches SET status = $inProgress, in_progress_at = $now WHERE id = $id AND status = $validating",
            ("$id", batchId), ("$inProgress", (int)BatchStatus.InProgress), ("$validating", (int)BatchStatus.Validating), ("$now", now));
        start.Transaction = transaction;
        if (await start.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await using var insert = Command(connection, """
            INSERT OR IGNORE INTO batch_lines (batch_id, line, owner, custom_id, url, body, state, due_at) VALUES ($id, $line, $owner, $customId, $url, $body, $pending, $now)
            """, ("$id", batchId), ("$owner", batch.Owner), ("$line", 0), ("$customId", string.Empty), ("$url", string.Empty), ("$body", string.Empty), ("$pending", Pending), ("$now", now));
        insert.Transaction = transaction;
        foreach (var (line, customId, url, body) in lines)
        {
            insert.Parameters["$line"].Value = line;
            insert.Parameters["$customId"].Value = customId;
            insert.Parameters["$url"].Value = url;
            insert.Parameters["$body"].Value = body;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Claims the oldest due pending line of a running batch whose window is still open (marking it running), or null.
    /// </summary>
    public async Task<BatchLine?> ClaimLineAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, """
            UPDATE batch_lines SET state = $running
            WHERE rowid = (SELECT l.rowid FROM batch_lines l JOIN batches b ON b.id = l.batch_id
                           WHERE l.state = $pending AND l.due_at <= $now AND b.status = $inProgress AND b.expires_at > $now
                           ORDER BY b.seq, l.line LIMIT 1)
            RETURNING batch_id, line, owner, custom_id, url, body
            """, ("$running", Running), ("$pending", Pending), ("$inProgress", (int)BatchStatus.InProgress), ("$now", Now()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new BatchLine(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5))
            : null;
    }

    /// <summary>Records a line's result and marks it done, in one statement: after a kill it is either both or neither.</summary>
    public async Task CompleteLineAsync(BatchLine line, int statusCode, string requestId, string response, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, """
            UPDATE batch_lines SET state = $done, status_code = $status, request_id = $requestId, response = $response
            WHERE batch_id = $id AND line = $line AND state = $running
            """, ("$id", line.BatchId), ("$line", line.Line), ("$done", Done), ("$running", Running), ("$status", statusCode), ("$requestId", requestId), ("$response", response));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Puts a running line back in the queue, due after <paramref name="delay"/> (its documents are still ingesting, or the runner stops).</summary>
    public async Task ReleaseLineAsync(BatchLine line, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, "UPDATE batch_lines SET state = $pending, due_at = $due WHERE batch_id = $id AND line = $line AND state = $running",
            ("$id", line.BatchId), ("$line", line.Line), ("$pending", Pending), ("$running", Running), ("$due", Now() + (long)delay.TotalMilliseconds));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>At start-up: lines a killed process left running go back in the queue (they had no result: it is committed with the done mark).</summary>
    public async Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, "UPDATE batch_lines SET state = $pending WHERE state = $running", ("$pending", Pending), ("$running", Running));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every result so far, by line number; lines without one are absent.</summary>
    public async Task<IReadOnlyList<LineResult>> ResultsAsync(string batchId, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, "SELECT line, custom_id, status_code, request_id, response FROM batch_lines WHERE batch_id = $id AND state = $done ORDER BY line",
            ("$id", batchId), ("$done", Done));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var results = new List<LineResult>();
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(new LineResult(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4)));
        }

        return results;
    }

    /// <summary>The lines without a result (cancelled or expired before they ran), by line number.</summary>
    public async Task<IReadOnlyList<(int Line, string CustomId)>> UnfinishedAsync(string batchId, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, "SELECT line, custom_id FROM batch_lines WHERE batch_id = $id AND state <> $done ORDER BY line", ("$id", batchId), ("$done", Done));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<(int, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return lines;
    }

    /// <summary>Moves a batch from <paramref name="from"/> to <paramref name="to"/>, stamping <paramref name="to"/>'s time; false when it was not in <paramref name="from"/>.</summary>
    public async Task<bool> MoveAsync(string batchId, BatchStatus from, BatchStatus to, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, $"UPDATE batches SET status = $to, {TimeColumn(to)} = COALESCE({TimeColumn(to)}, $now) WHERE id = $id AND status = $from",
            ("$id", batchId), ("$from", (int)from), ("$to", (int)to), ("$now", Now()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Asks to cancel the owner's batch: <c>validating</c> or <c>in_progress</c> becomes <c>cancelling</c>. Returns the batch as it is after.</summary>
    public async Task<BatchRecord?> CancelAsync(string id, string? owner, CancellationToken cancellationToken = default)
    {
        await using (var connection = _database.Open())
        {
            await using var command = Command(connection, $"""
                UPDATE batches SET status = $cancelling, cancelling_at = $now
                WHERE id = $id AND {Infrastructure.Owner.Filter} AND status IN ($validating, $inProgress)
                """, ("$id", id), ("$owner", owner), ("$cancelling", (int)BatchStatus.Cancelling), ("$now", Now()),
                ("$validating", (int)BatchStatus.Validating), ("$inProgress", (int)BatchStatus.InProgress));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await GetAsync(id, owner, cancellationToken);
    }

    /// <summary>
    /// Ends a batch in a final status, with its files and line errors, and queues its webhook event when it has a
    /// <c>webhook_url</c> — one transaction, so the event is sent once the batch is final, and always then.
    /// </summary>
    public async Task<bool> FinishAsync(BatchRecord batch, BatchStatus from, BatchStatus to, string? outputFileId, string? errorFileId, JsonArray? errors,
        Func<BatchRecord, string>? webhookEvent, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var finish = Command(connection, $"""
            UPDATE batches SET status = $to, {TimeColumn(to)} = $now, output_file_id = $output, error_file_id = $error, errors = $errors
            WHERE id = $id AND status = $from
            """, ("$id", batch.Id), ("$from", (int)from), ("$to", (int)to), ("$now", Now()), ("$output", outputFileId), ("$error", errorFileId),
            ("$errors", errors?.ToJsonString()));
        finish.Transaction = transaction;
        if (await finish.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        if (batch.WebhookUrl is { } url && webhookEvent is not null)
        {
            await using var select = Command(connection, "SELECT * FROM batches WHERE id = $id", ("$id", batch.Id));
            select.Transaction = transaction;
            var finished = (await ReadAllAsync(select, cancellationToken))[0];
            await using var queue = Command(connection, "INSERT INTO webhook_deliveries (id, batch_id, url, body, created_at) VALUES ($id, $batch, $url, $body, $now)",
                ("$id", "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))), ("$batch", batch.Id), ("$url", url), ("$body", webhookEvent(finished)), ("$now", Now()));
            queue.Transaction = transaction;
            await queue.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Webhook deliveries not yet settled (delivered or given up), oldest first.</summary>
    public async Task<IReadOnlyList<(string Id, string Url, string Body)>> PendingWebhooksAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, "SELECT id, url, body FROM webhook_deliveries WHERE delivered IS NULL ORDER BY created_at LIMIT $limit", ("$limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deliveries = new List<(string, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return deliveries;
    }

    /// <summary>Settles a webhook delivery: delivered, or given up after its retries.</summary>
    public async Task SettleWebhookAsync(string id, bool delivered, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, "UPDATE webhook_deliveries SET delivered = $delivered WHERE id = $id", ("$id", id), ("$delivered", delivered ? 1 : 0));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string TimeColumn(BatchStatus status) => status switch
    {
        BatchStatus.InProgress => "in_progress_at",
        BatchStatus.Finalizing => "finalizing_at",
        BatchStatus.Completed => "completed_at",
        BatchStatus.Failed => "failed_at",
        BatchStatus.Expired => "expired_at",
        BatchStatus.Cancelling => "cancelling_at",
        BatchStatus.Cancelled => "cancelled_at",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A batch is created validating."),
    };

    private static async Task<List<BatchRecord>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batches = new List<BatchRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            batches.Add(Read(reader));
        }

        return batches;
    }

    private static BatchRecord Read(SqliteDataReader reader)
    {
        string? Text(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var column in TimeColumns)
        {
            if (!reader.IsDBNull(reader.GetOrdinal(column)))
            {
                times[column] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(reader.GetOrdinal(column)));
            }
        }

        return new BatchRecord(
            Text("id")!, Text("owner"), Text("endpoint")!, Text("input_file_id")!, Text("completion_window")!,
            Text("metadata") is { } metadata ? JsonSerializer.Deserialize<Dictionary<string, string>>(metadata) : null,
            Text("webhook_url"), (BatchStatus)reader.GetInt32(reader.GetOrdinal("status")),
            Text("errors") is { } errors ? JsonNode.Parse(errors)!.AsArray() : null,
            Text("output_file_id"), Text("error_file_id"), times,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(reader.GetOrdinal("expires_at"))));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
