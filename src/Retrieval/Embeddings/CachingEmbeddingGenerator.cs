using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Folio.Retrieval.Embeddings;

/// <summary>
/// Remembers embeddings in a SQLite table keyed by (cache version, model id, SHA-256 of the text), so that
/// re-ingesting a document embeds only the chunks that changed: only misses reach the inner generator.
/// Thread-safe (one pooled connection per call; WAL lets readers and a writer overlap).
/// </summary>
public sealed class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Bump to invalidate every cached vector when the stored format or the embedding pipeline changes.</summary>
    private const int CacheVersion = 1;

    private readonly SqliteDatabase _database;

    /// <summary>Wraps <paramref name="innerGenerator"/>; creates the database file and table when missing.</summary>
    public CachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string databasePath)
        : base(innerGenerator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _database = new SqliteDatabase(databasePath);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS embedding_cache (
                version INTEGER NOT NULL, model TEXT NOT NULL, text_sha256 BLOB NOT NULL, vector BLOB NOT NULL,
                PRIMARY KEY (version, model, text_sha256)) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        var model = ModelKey(options);
        var hashes = texts.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t ?? string.Empty))).ToArray();
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);

        await using (var connection = Open())
        {
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT vector FROM embedding_cache WHERE version = $v AND model = $m AND text_sha256 = $h";
            select.Parameters.AddWithValue("$v", CacheVersion);
            select.Parameters.AddWithValue("$m", model);
            var hash = select.Parameters.Add("$h", SqliteType.Blob);
            foreach (var key in hashes)
            {
                var hex = Convert.ToHexString(key);
                if (found.ContainsKey(hex))
                {
                    continue;
                }

                hash.Value = key;
                if (await select.ExecuteScalarAsync(cancellationToken) is byte[] bytes)
                {
                    found[hex] = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                }
            }
        }

        // Each distinct missing text goes to the inner generator once.
        var misses = new List<(string Hex, byte[] Hash, string Text)>();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            var hex = Convert.ToHexString(hashes[i]);
            if (!found.ContainsKey(hex) && missing.Add(hex))
            {
                misses.Add((hex, hashes[i], texts[i] ?? string.Empty));
            }
        }

        UsageDetails? usage = null;
        if (misses.Count > 0)
        {
            var generated = await base.GenerateAsync(misses.Select(m => m.Text), options, cancellationToken);
            if (generated.Count != misses.Count)
            {
                throw new InvalidOperationException($"The inner generator returned {generated.Count} embeddings for {misses.Count} inputs.");
            }

            usage = generated.Usage;
            await StoreAsync(model, misses, generated, cancellationToken);
            for (var i = 0; i < misses.Count; i++)
            {
                found[misses[i].Hex] = generated[i].Vector.ToArray();
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count) { Usage = usage };
        result.AddRange(hashes.Select(h => new Embedding<float>(found[Convert.ToHexString(h)]) { ModelId = model }));
        return result;
    }

    private async Task StoreAsync(string model, List<(string Hex, byte[] Hash, string Text)> misses, GeneratedEmbeddings<Embedding<float>> generated, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO embedding_cache (version, model, text_sha256, vector) VALUES ($v, $m, $h, $x)";
        insert.Parameters.AddWithValue("$v", CacheVersion);
        insert.Parameters.AddWithValue("$m", model);
        var hash = insert.Parameters.Add("$h", SqliteType.Blob);
        var vector = insert.Parameters.Add("$x", SqliteType.Blob);
        for (var i = 0; i < misses.Count; i++)
        {
            hash.Value = misses[i].Hash;
            vector.Value = MemoryMarshal.AsBytes(generated[i].Vector.Span).ToArray();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The model part of the key: the requested or default model id, plus the dimensions when asked for.</summary>
    private string ModelKey(EmbeddingGenerationOptions? options)
    {
        var model = options?.ModelId
            ?? InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
            ?? throw new InvalidOperationException("The inner generator names no model (EmbeddingGeneratorMetadata.DefaultModelId); cached vectors could not be told apart.");
        return options?.Dimensions is { } dimensions ? $"{model}:{dimensions}" : model;
    }

    private SqliteConnection Open() => _database.Open();
}
