using Folio.Retrieval.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Retrieval.Tests.Embeddings;

/// <summary>One fp32 generator for the whole class (loading MiniLM takes ≈ 2 s); the int8 one is made on first use.</summary>
public sealed class EmbeddingModelFixture : IDisposable
{
    private readonly string _cacheFolder = Directory.CreateTempSubdirectory("folio-embed-").FullName;
    private readonly Lazy<OnnxEmbeddingGenerator> _int8;

    public EmbeddingModelFixture()
    {
        Fp32 = Create(EmbeddingPrecision.Fp32);
        _int8 = new Lazy<OnnxEmbeddingGenerator>(() => Create(EmbeddingPrecision.Int8));
    }

    public OnnxEmbeddingGenerator Fp32 { get; }

    public OnnxEmbeddingGenerator Int8 => _int8.Value;

    public string CacheFolder => _cacheFolder;

    public OnnxEmbeddingGenerator Create(EmbeddingPrecision precision) =>
        new(Options.Create(new EmbeddingOptions { Precision = precision, Sessions = 1, CacheFolder = _cacheFolder }),
            NullLogger<OnnxEmbeddingGenerator>.Instance);

    public void Dispose()
    {
        Fp32.Dispose();
        if (_int8.IsValueCreated)
        {
            _int8.Value.Dispose();
        }

        Directory.Delete(_cacheFolder, recursive: true);
    }
}
