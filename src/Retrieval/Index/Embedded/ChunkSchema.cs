using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// The tables of <c>chunks.db</c> (version 2, in <c>PRAGMA user_version</c>) and the step from version 1.
/// Version 2 keeps one contentless FTS5 table per collection (so a keyword search ranks only its own
/// collection, with that collection's term statistics) and a document's tags once, in
/// <c>documents</c>/<c>document_tags</c>, instead of in every chunk row.
/// </summary>
internal static class ChunkSchema
{
    private const int Version = 2;

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS collections (
            name TEXT PRIMARY KEY,
            model_id TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            generation INTEGER NOT NULL DEFAULT 0,
            saved_key INTEGER NOT NULL DEFAULT -1,
            saved_bytes INTEGER NOT NULL DEFAULT -1);
        -- AUTOINCREMENT: a row id is a key in the HNSW graph and must never be reused for another chunk;
        -- ids only grow, so the rows newer than a saved graph are those above its largest key.
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
            model_id TEXT NOT NULL,
            vector BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (collection, document_id);
        CREATE TABLE IF NOT EXISTS documents (
            collection TEXT NOT NULL,
            document_id TEXT NOT NULL,
            tags TEXT NOT NULL,
            PRIMARY KEY (collection, document_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS document_tags (
            collection TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            document_id TEXT NOT NULL,
            PRIMARY KEY (collection, key, value, document_id)) WITHOUT ROWID;
        """;

    /// <summary>The collection's FTS5 table (named by a hash, so any collection name is safe in SQL).</summary>
    public static string FtsTable(string collection) =>
        "fts_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(collection)))[..16];

    /// <summary>
    /// Creates the collection's FTS5 table if missing. Contentless (the text is in <c>chunks</c>) with
    /// <c>contentless_delete</c>, so a row is removed by its id alone.
    /// </summary>
    public static void CreateFts(SqliteConnection connection, SqliteTransaction transaction, string collection)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            CREATE VIRTUAL TABLE IF NOT EXISTS {FtsTable(collection)} USING fts5 (
                text, heading_path, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Creates the tables, or brings a version-1 database to version 2, in one transaction.</summary>
    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = (long)Scalar(connection, transaction, "PRAGMA user_version")!;
        var hasChunks = Scalar(connection, transaction, "SELECT 1 FROM sqlite_master WHERE name = 'chunks'") is not null;
        if (hasChunks && version < Version)
        {
            MigrateFromVersion1(connection, transaction);
        }
        else
        {
            Execute(connection, transaction, Tables);
        }

        Execute(connection, transaction, $"PRAGMA user_version = {Version}");
        transaction.Commit();
    }

    private static void MigrateFromVersion1(SqliteConnection connection, SqliteTransaction transaction)
    {
        // Version 1: one FTS5 table for all collections fed by triggers, tags as JSON in every chunk and in
        // chunk_tags, graph files tracked by generation. Graphs are rebuilt once (saved_key -1).
        Execute(connection, transaction, """
            DROP TRIGGER IF EXISTS chunks_after_insert;
            DROP TRIGGER IF EXISTS chunks_after_delete;
            DROP TABLE IF EXISTS chunks_fts;
            DROP TABLE IF EXISTS chunk_tags;
            ALTER TABLE collections DROP COLUMN saved_generation;
            ALTER TABLE collections ADD COLUMN saved_key INTEGER NOT NULL DEFAULT -1;
            UPDATE collections SET saved_bytes = -1;
            CREATE TABLE documents (
                collection TEXT NOT NULL, document_id TEXT NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (collection, document_id)) WITHOUT ROWID;
            CREATE TABLE document_tags (
                collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, document_id TEXT NOT NULL,
                PRIMARY KEY (collection, key, value, document_id)) WITHOUT ROWID;
            INSERT INTO documents (collection, document_id, tags)
                SELECT collection, document_id, tags FROM chunks WHERE id IN (SELECT max(id) FROM chunks GROUP BY collection, document_id);
            INSERT INTO document_tags (collection, key, value, document_id)
                SELECT d.collection, j.key, j.value, d.document_id FROM documents d, json_each(d.tags) j;
            ALTER TABLE chunks DROP COLUMN tags;
            """);
        var collections = new List<string>();
        using (var names = connection.CreateCommand())
        {
            names.Transaction = transaction;
            names.CommandText = "SELECT DISTINCT collection FROM chunks";
            using var reader = names.ExecuteReader();
            while (reader.Read())
            {
                collections.Add(reader.GetString(0));
            }
        }

        foreach (var collection in collections)
        {
            CreateFts(connection, transaction, collection);
            using var fill = connection.CreateCommand();
            fill.Transaction = transaction;
            fill.CommandText = $"INSERT INTO {FtsTable(collection)} (rowid, text, heading_path) SELECT id, text, heading_path FROM chunks WHERE collection = $collection";
            fill.Parameters.AddWithValue("$collection", collection);
            fill.ExecuteNonQuery();
        }
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
