using Microsoft.Extensions.AI;

namespace Folio.Generation.Tests.StructuredExtraction;

/// <summary>A stand-in embedder: lower-cased words hashed into 64 dimensions, so texts sharing words are similar.</summary>
internal sealed class WordHashEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = values.Select(text =>
        {
            var vector = new float[64];
            foreach (var word in text.ToLowerInvariant().Split([' ', '\n', ',', '.', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
            {
                vector[(int)((uint)StringComparer.Ordinal.GetHashCode(word) % 64)] += 1;
            }

            vector[63] += 0.01f;
            return new Embedding<float>(vector);
        });
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
