using System.Security.Cryptography;
using Folio.Retrieval;
using Microsoft.Data.Sqlite;
using static Folio.Retrieval.SqliteDatabase;

namespace Folio.Api.Features.Files;

/// <summary>
/// The files of the OpenAI-style Files API: rows in <c>batches.db</c> (the API's own SQLite file, kept like
/// Retrieval's stores) and contents under <c>files/</c> in the data folder. Every lookup names the owner
/// (<see cref="Infrastructure.Owner"/>): another owner's file is not found. Thread-safe.
/// </summary>
public sealed class FileStore
{
    public const string BatchPurpose = "batch";
    public const string OutputPurpose = "batch_output";

    private readonly SqliteDatabase _database;
    private readonly string _folder;

    public FileStore(string dataFolder)
    {
        _folder = Path.Combine(dataFolder, "files");
        Directory.CreateDirectory(_folder);
        _database = new SqliteDatabase(Path.Combine(dataFolder, "batches.db"));
        using var connection = _database.Open();
        using var command = Command(connection, """
            CREATE TABLE IF NOT EXISTS files (
                id TEXT PRIMARY KEY,
                owner TEXT,
                file_name TEXT NOT NULL,
                purpose TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                seq INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS files_list ON files (owner, seq);
            """);
        command.ExecuteNonQuery();
    }

    /// <summary>Adopts an upload (moved, not copied: uploads stream into the same data folder) as a new file.</summary>
    public async Task<FileRecord> AddAsync(string? owner, string fileName, string purpose, string uploadPath, CancellationToken cancellationToken = default)
    {
        var id = "file-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var bytes = new FileInfo(uploadPath).Length;
        File.Move(uploadPath, ContentPath(id));
        return await PutRowAsync(new FileRecord(id, owner, fileName, purpose, bytes, DateTimeOffset.UtcNow), cancellationToken);
    }

    /// <summary>Writes (or rewrites: finalizing a batch again after a crash gives the same ids) a file the service made.</summary>
    public async Task<FileRecord> PutAsync(string id, string? owner, string fileName, string purpose, Func<Stream, Task> write, CancellationToken cancellationToken = default)
    {
        var path = ContentPath(id);
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await write(stream);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return await PutRowAsync(new FileRecord(id, owner, fileName, purpose, new FileInfo(path).Length, DateTimeOffset.UtcNow), cancellationToken);
    }

    /// <summary>The owner's file, or null.</summary>
    public async Task<FileRecord?> GetAsync(string id, string? owner, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, $"SELECT * FROM files WHERE id = $id AND {Infrastructure.Owner.Filter}", ("$id", id), ("$owner", owner));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The owner's files, newest first, after the file <paramref name="after"/> (a cursor), at most <paramref name="limit"/> plus whether there are more.</summary>
    public async Task<(IReadOnlyList<FileRecord> Files, bool HasMore)> ListAsync(string? owner, string? purpose, string? after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, $"""
            SELECT * FROM files WHERE {Infrastructure.Owner.Filter} AND ($purpose IS NULL OR purpose = $purpose)
                AND ($after IS NULL OR seq < (SELECT seq FROM files WHERE id = $after))
            ORDER BY seq DESC LIMIT $limit
            """, ("$owner", owner), ("$purpose", purpose), ("$after", after), ("$limit", limit + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var files = new List<FileRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(Read(reader));
        }

        return (files.Take(limit).ToList(), files.Count > limit);
    }

    /// <summary>Removes the owner's file and its content; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, string? owner, CancellationToken cancellationToken = default)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, $"DELETE FROM files WHERE id = $id AND {Infrastructure.Owner.Filter}", ("$id", id), ("$owner", owner));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        File.Delete(ContentPath(id));
        return true;
    }

    /// <summary>Reads a file's content.</summary>
    public FileStream OpenRead(FileRecord file) =>
        new(ContentPath(file.Id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.SequentialScan | FileOptions.Asynchronous);

    private string ContentPath(string id) => Path.Combine(_folder, id + ".jsonl");

    private async Task<FileRecord> PutRowAsync(FileRecord file, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = Command(connection, """
            INSERT INTO files (id, owner, file_name, purpose, bytes, created_at, seq)
            VALUES ($id, $owner, $fileName, $purpose, $bytes, $createdAt, (SELECT COALESCE(MAX(seq), 0) + 1 FROM files))
            ON CONFLICT (id) DO UPDATE SET bytes = $bytes
            """, ("$id", file.Id), ("$owner", file.Owner), ("$fileName", file.FileName), ("$purpose", file.Purpose), ("$bytes", file.Bytes),
            ("$createdAt", file.CreatedAt.ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return file;
    }

    private static FileRecord Read(SqliteDataReader reader) => new(
        reader.GetString(reader.GetOrdinal("id")),
        reader.IsDBNull(reader.GetOrdinal("owner")) ? null : reader.GetString(reader.GetOrdinal("owner")),
        reader.GetString(reader.GetOrdinal("file_name")),
        reader.GetString(reader.GetOrdinal("purpose")),
        reader.GetInt64(reader.GetOrdinal("bytes")),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(reader.GetOrdinal("created_at"))));
}
