using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Folio.Retrieval;
using Microsoft.Data.Sqlite;

namespace Folio.Api.Infrastructure.Access;

/// <summary>
/// API keys in <c>access.db</c> in the data folder. A key is 256 random bits shown once; only its SHA-256 is
/// kept (a slow hash buys nothing against a random 256-bit secret), and a presented key is compared by hash in
/// constant time. Keys are on once the bootstrap admin key is configured or any key was ever stored (a revoked
/// last key does not open the service again). Thread-safe.
/// </summary>
public sealed class KeyStore
{
    /// <summary>The id the bootstrap admin key (<see cref="AuthOptions.AdminKey"/>) acts under.</summary>
    public const string AdminKeyId = "admin";

    private static readonly ApiKey BootstrapAdmin = new(AdminKeyId, "bootstrap admin", new HashSet<KeyScope> { KeyScope.Read, KeyScope.Write, KeyScope.Admin }, null, DateTimeOffset.UnixEpoch, null);

    private const string SecretPrefix = "folio_";

    private readonly SqliteDatabase _database;
    private readonly byte[]? _adminHash;
    private volatile bool _hasStoredKeys;

    public KeyStore(SqliteDatabase database, string? adminKey)
    {
        _database = database;
        _adminHash = adminKey is null ? null : Hash(adminKey);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS api_keys (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                hash BLOB NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                collections TEXT,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            SELECT EXISTS (SELECT 1 FROM api_keys);
            """;
        _hasStoredKeys = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Whether requests need a key.</summary>
    public bool Enabled => _adminHash is not null || _hasStoredKeys;

    /// <summary>Stores a new key.</summary>
    /// <returns>The key's record and its secret, which is not kept and cannot be shown again.</returns>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, IReadOnlySet<KeyScope> scopes, IReadOnlySet<string>? collections, CancellationToken cancellationToken)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey("k_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)), name, scopes, collections, Now(), null);
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_keys (id, name, hash, scopes, collections, created_at) VALUES ($id, $name, $hash, $scopes, $collections, $createdAt)";
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$hash", Hash(secret));
        command.Parameters.AddWithValue("$scopes", JsonSerializer.Serialize(scopes.Order().Select(s => s.ToString().ToLowerInvariant())));
        command.Parameters.AddWithValue("$collections", collections is null ? DBNull.Value : JsonSerializer.Serialize(collections.Order(StringComparer.Ordinal)));
        command.Parameters.AddWithValue("$createdAt", key.CreatedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
        _hasStoredKeys = true;
        return (key, secret);
    }

    /// <summary>Every stored key, revoked ones included, oldest first.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_keys ORDER BY created_at, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <summary>Revokes a key for good.</summary>
    /// <returns>False when there is no such key that is not already revoked.</returns>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_at = $now WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Now().ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The live key of id <paramref name="id"/> (the bootstrap admin key while configured), or null (unknown or revoked).</summary>
    public async Task<ApiKey?> GetLiveAsync(string id, CancellationToken cancellationToken)
    {
        if (id == AdminKeyId)
        {
            return _adminHash is null ? null : BootstrapAdmin;
        }

        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_keys WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The live key whose secret is <paramref name="secret"/>, or null (unknown or revoked).</summary>
    public async Task<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = Hash(secret);
        if (_adminHash is not null && CryptographicOperations.FixedTimeEquals(hash, _adminHash))
        {
            return BootstrapAdmin;
        }

        if (!_hasStoredKeys)
        {
            return null;
        }

        await using var connection = _database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM api_keys WHERE hash = $hash AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && CryptographicOperations.FixedTimeEquals((byte[])reader["hash"], hash) ? Read(reader) : null;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static ApiKey Read(SqliteDataReader reader)
    {
        var collections = reader["collections"] is string json ? JsonSerializer.Deserialize<string[]>(json)!.ToHashSet(StringComparer.Ordinal) : null;
        var scopes = JsonSerializer.Deserialize<string[]>((string)reader["scopes"])!.Select(s => Enum.Parse<KeyScope>(s, ignoreCase: true)).ToHashSet();
        return new ApiKey((string)reader["id"], (string)reader["name"], scopes, collections,
            DateTimeOffset.FromUnixTimeMilliseconds((long)reader["created_at"]),
            reader["revoked_at"] is long revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null);
    }
}
