using System.Globalization;
using Folio.Retrieval;

namespace Folio.Api.Infrastructure.Access;

/// <summary>
/// Who did what: uploads, deletes, key creation and revocation, extractions and questions, kept in
/// <c>access.db</c> (table <c>audit</c>) for admins to read (<c>GET /v1/audit</c>) and written to the log.
/// </summary>
public sealed partial class AuditLog(SqliteDatabase database, ILogger<AuditLog> logger)
{
    public const string Upload = "document.upload";
    public const string Delete = "document.delete";
    public const string KeyCreate = "key.create";
    public const string KeyRevoke = "key.revoke";
    public const string Extraction = "extraction";
    public const string Ask = "ask";

    /// <summary>Creates the table; called once at start-up.</summary>
    public void Initialize()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                key_id TEXT NOT NULL,
                action TEXT NOT NULL,
                collection TEXT,
                document_id TEXT,
                target TEXT
            );
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Records an action by <paramref name="caller"/>; <paramref name="target"/> names what else it acted on (a key id).</summary>
    public async Task RecordAsync(Caller caller, string action, string? collection, string? documentId, string? target = null)
    {
        LogAction(logger, caller.KeyId, action, collection, documentId, target);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO audit (at, key_id, action, collection, document_id, target) VALUES ($at, $key, $action, $collection, $document, $target)";
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$key", caller.KeyId);
        command.Parameters.AddWithValue("$action", action);
        command.Parameters.AddWithValue("$collection", (object?)collection ?? DBNull.Value);
        command.Parameters.AddWithValue("$document", (object?)documentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$target", (object?)target ?? DBNull.Value);
        // Recorded even when the caller went away meanwhile: the action happened.
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Up to <paramref name="limit"/> entries after <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM audit WHERE seq > $after ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry((long)reader["seq"], DateTimeOffset.FromUnixTimeMilliseconds((long)reader["at"]), (string)reader["key_id"], (string)reader["action"],
                reader["collection"] as string, reader["document_id"] as string, reader["target"] as string));
        }

        return entries;
    }

    /// <summary>The cursor text of an entry's position.</summary>
    public static string Cursor(long seq) => seq.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Audit: key {KeyId} {Action} collection {Collection} document {DocumentId} target {Target}")]
    private static partial void LogAction(ILogger logger, string keyId, string action, string? collection, string? documentId, string? target);
}
