using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Folio.Retrieval.Tests.Ingestion;

/// <summary>A fast stand-in embedder: 8-dimensional unit vectors derived from a hash of the text; <see cref="OnGenerate"/> can fail on demand.</summary>
internal sealed class TestEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingGeneratorMetadata _metadata = new("test", null, "test-hash-8", 8);

    public Action<IReadOnlyList<string>>? OnGenerate { get; set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        OnGenerate?.Invoke(texts);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(t =>
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(t));
            var vector = hash.Take(8).Select(b => b / 255f + 0.01f).ToArray();
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return new Embedding<float>(vector.Select(v => v / norm).ToArray());
        })));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : null;

    public void Dispose()
    {
    }
}
