using Folio.Retrieval.Index;
using Folio.Retrieval.Index.Qdrant;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;

namespace Folio.Retrieval.Tests.Index;

/// <summary>The contract suite on <see cref="QdrantChunkIndex"/>; runs only where <c>QDRANT_ENDPOINT</c> (e.g. http://localhost:6334) is set.</summary>
[RequiresEnvironmentVariable("QDRANT_ENDPOINT")]
public sealed class QdrantChunkIndexTests : ChunkIndexContractTests
{
    private readonly IndexOptions _options = new()
    {
        Kind = IndexKind.Qdrant,
        QdrantEndpoint = new Uri(Environment.GetEnvironmentVariable("QDRANT_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : "http://localhost:6334"),
        QdrantApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
    };

    private readonly QdrantChunkIndex _index;

    public QdrantChunkIndexTests()
    {
        _index = new QdrantChunkIndex(_options, NullLogger<QdrantChunkIndex>.Instance);
    }

    protected override IChunkIndex Index => _index;

    protected override void Cleanup(IReadOnlyList<string> collections)
    {
        _index.Dispose();
        using var client = new QdrantClient(_options.QdrantEndpoint, _options.QdrantApiKey);
        var names = client.ListCollectionsAsync().GetAwaiter().GetResult();
        foreach (var name in names.Where(n => collections.Any(c => n.StartsWith(QdrantNames.Prefix(c), StringComparison.Ordinal))))
        {
            client.DeleteCollectionAsync(name).GetAwaiter().GetResult();
        }
    }
}
