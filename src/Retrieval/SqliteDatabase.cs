using Microsoft.Data.Sqlite;

namespace Folio.Retrieval;

/// <summary>
/// One SQLite file as every Retrieval store uses it: pooled connections, the write-ahead log, and
/// <c>synchronous = NORMAL</c>, which in WAL mode keeps every committed transaction through a killed
/// process (only an OS crash or power loss can drop the last ones) while sparing an fsync per commit —
/// ingestion commits several small transactions per document. Public so the API's own stores (batch files
/// and batches) keep their SQLite files the same way.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    /// <summary>Uses (creating when missing) the database file at <paramref name="path"/>, and switches it to WAL.</summary>
    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>An open connection; dispose it to return it to the pool.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>A command on <paramref name="connection"/> with its parameters bound (<c>null</c> binds SQL NULL).</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Closes the pooled connections, so the file can be deleted or moved.</summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
