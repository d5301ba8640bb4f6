using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Folio.Retrieval.Index.Qdrant;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Folio.Retrieval.Index;

/// <summary>
/// <see cref="IChunkIndex"/> on a Qdrant server (gRPC). Each (Folio collection, model) is a Qdrant
/// collection (see <c>QdrantNames</c>) created on first upsert with a named dense vector <c>dense</c>
/// (cosine) and a named sparse vector <c>bm25</c> (IDF applied by Qdrant; term frequencies saturated
/// client-side, see <c>Bm25SparseVector</c>), and keyword payload indexes on <c>document_id</c> and
/// <c>tags</c>. Points are keyed by a UUID derived from the chunk id, so upserts are idempotent. Hybrid
/// search is Qdrant's Query API: dense and sparse prefetches fused by RRF.
/// </summary>
/// <remarks>
/// A collection is bound to the model of its vectors while it holds any point. A server that cannot be
/// reached or does not answer in time raises <see cref="ChunkIndexUnavailableException"/>; any other error
/// it answers raises <see cref="ChunkIndexFailedException"/>.
/// An empty <see cref="ChunkFilter.DocumentIds"/> list does not restrict.
/// </remarks>
public sealed class QdrantChunkIndex : IChunkIndex, IHybridChunkIndex, IDisposable
{
    private const int UpsertBatch = 256;
    private const uint ScrollPage = 1024;

    private readonly QdrantClient _client;
    private readonly IndexOptions _options;
    private readonly ILogger<QdrantChunkIndex> _logger;
    private readonly ConcurrentDictionary<string, string> _resolved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _dimensions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writers = new(StringComparer.Ordinal);

    /// <summary>Connects (lazily) to <see cref="IndexOptions.QdrantEndpoint"/>.</summary>
    public QdrantChunkIndex(IndexOptions options, ILogger<QdrantChunkIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _client = new QdrantClient(options.QdrantEndpoint, options.QdrantApiKey, options.QdrantTimeout);
    }

    /// <inheritdoc/>
    /// <exception cref="ChunkIndexUnavailableException">Qdrant cannot be reached.</exception>
    public async Task UpsertAsync(string modelId, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default)
    {
        foreach (var (collection, group, vectors, dimensions) in ChunkBatch.Validate(modelId, chunks))
        {
            var writer = _writers.GetOrAdd(collection, static _ => new SemaphoreSlim(1, 1));
            await writer.WaitAsync(cancellationToken);
            try
            {
                var target = await PrepareAsync(collection, modelId, dimensions, cancellationToken);
                var points = group.Select((c, i) => ToPoint(c.Chunk, vectors[i], modelId)).ToList();
                foreach (var batch in points.Chunk(UpsertBatch))
                {
                    await CallAsync(() => _client.UpsertAsync(target, batch, wait: true, cancellationToken: cancellationToken));
                }
            }
            finally
            {
                writer.Release();
            }
        }
    }

    /// <inheritdoc/>
    public async Task DeleteDocumentAsync(string collection, string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        ArgumentNullException.ThrowIfNull(documentId);
        if (await ResolveAsync(collection, cancellationToken) is not { } name)
        {
            return;
        }

        Filter byDocument = Conditions.MatchKeyword(QdrantPayload.DocumentId, documentId);
        await CallAsync(() => _client.DeleteAsync(name, byDocument, wait: true, cancellationToken: cancellationToken));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChunkHit> SearchVectorAsync(string modelId, ReadOnlyMemory<float> vector, ChunkFilter filter, int topK, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChunkBatch.ValidateSearch(filter, topK);
        if (await ResolveForModelAsync(filter.Collection, modelId, vector.Length, cancellationToken) is not { } name)
        {
            yield break;
        }

        var points = await CallAsync(() => _client.QueryAsync(
            name, query: vector.ToArray(), usingVector: QdrantNames.Dense, filter: ToFilter(filter), limit: (ulong)topK, payloadSelector: true, cancellationToken: cancellationToken));
        foreach (var point in points)
        {
            yield return new ChunkHit(QdrantPayload.ToChunk(point.Payload), point.Score);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChunkHit> SearchKeywordsAsync(string query, ChunkFilter filter, int topK, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChunkBatch.ValidateSearch(filter, topK);
        ArgumentNullException.ThrowIfNull(query);
        var sparse = Bm25SparseVector.Query(query);
        if (sparse.Indices.Length == 0 || await ResolveAsync(filter.Collection, cancellationToken) is not { } name)
        {
            yield break;
        }

        var points = await CallAsync(() => _client.QueryAsync(
            name, query: sparse, usingVector: QdrantNames.Sparse, filter: ToFilter(filter), limit: (ulong)topK, payloadSelector: true, cancellationToken: cancellationToken));
        foreach (var point in points)
        {
            yield return new ChunkHit(QdrantPayload.ToChunk(point.Payload), point.Score);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChunkHit> SearchHybridAsync(string modelId, ReadOnlyMemory<float> vector, string query, ChunkFilter filter, int topK, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChunkBatch.ValidateSearch(filter, topK);
        ArgumentNullException.ThrowIfNull(query);
        if (await ResolveForModelAsync(filter.Collection, modelId, vector.Length, cancellationToken) is not { } name)
        {
            yield break;
        }

        var depth = (ulong)topK * (ulong)_options.OverFetchFactor;
        var condition = ToFilter(filter);
        var dense = new PrefetchQuery { Query = vector.ToArray(), Using = QdrantNames.Dense, Limit = depth };
        var prefetch = new List<PrefetchQuery> { dense };
        var sparse = Bm25SparseVector.Query(query);
        if (sparse.Indices.Length > 0)
        {
            prefetch.Add(new PrefetchQuery { Query = sparse, Using = QdrantNames.Sparse, Limit = depth });
        }

        if (condition is not null)
        {
            prefetch.ForEach(p => p.Filter = condition);
        }

        var points = await CallAsync(() => _client.QueryAsync(
            name, query: Fusion.Rrf, prefetch: prefetch, filter: condition, limit: (ulong)topK, payloadSelector: true, cancellationToken: cancellationToken));
        foreach (var point in points)
        {
            yield return new ChunkHit(QdrantPayload.ToChunk(point.Payload), point.Score);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Scrolls every point of every Folio collection in Qdrant, payload <c>collection</c> and <c>document_id</c>
    /// only. Exact, unlike facet counts, whose limit would silently drop documents (start-up would then requeue them).
    /// </remarks>
    public async IAsyncEnumerable<IndexedDocument> ListDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var selector = new WithPayloadSelector { Include = new PayloadIncludeSelector { Fields = { "collection", QdrantPayload.DocumentId } } };
        var names = await CallAsync(() => _client.ListCollectionsAsync(cancellationToken));
        foreach (var name in names.Where(n => n.StartsWith(QdrantNames.FolioPrefix, StringComparison.Ordinal)))
        {
            var counts = new Dictionary<(string Collection, string DocumentId), long>();
            PointId? offset = null;
            do
            {
                var page = await CallAsync(() => _client.ScrollAsync(name, limit: ScrollPage, offset: offset, payloadSelector: selector,
                    vectorsSelector: false, cancellationToken: cancellationToken));
                foreach (var point in page.Result)
                {
                    var key = (point.Payload["collection"].StringValue, point.Payload[QdrantPayload.DocumentId].StringValue);
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }

                offset = page.NextPageOffset;
            }
            while (offset is not null);

            foreach (var ((collection, documentId), chunks) in counts)
            {
                yield return new IndexedDocument(collection, documentId, chunks);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<long> CountAsync(ChunkFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await ResolveAsync(filter.Collection, cancellationToken) is not { } name)
        {
            return 0;
        }

        return (long)await CallAsync(() => _client.CountAsync(name, ToFilter(filter), exact: true, cancellationToken: cancellationToken));
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private static PointStruct ToPoint(IndexedChunk chunk, float[] vector, string modelId)
    {
        var vectors = new Dictionary<string, Vector> { [QdrantNames.Dense] = vector };
        var sparse = Bm25SparseVector.Document($"{chunk.HeadingPath}\n{chunk.Text}");
        if (sparse.Indices.Length > 0)
        {
            // Qdrant rejects an empty sparse vector; a chunk without words simply has none.
            vectors[QdrantNames.Sparse] = sparse;
        }

        var point = new PointStruct { Id = QdrantNames.PointId(chunk.ChunkId), Vectors = vectors };
        point.Payload.Add(QdrantPayload.From(chunk, modelId));
        return point;
    }

    private static Filter? ToFilter(ChunkFilter filter)
    {
        var result = new Filter();
        if (filter.DocumentIds is { Count: > 0 } documents)
        {
            result.Must.Add(Conditions.Match(QdrantPayload.DocumentId, documents.ToList()));
        }

        foreach (var (key, value) in filter.Tags ?? new Dictionary<string, string>())
        {
            result.Must.Add(Conditions.MatchKeyword(QdrantPayload.Tags, QdrantPayload.TagTerm(key, value)));
        }

        return result.Must.Count == 0 ? null : result;
    }

    /// <summary>Finds or creates the Qdrant collection for this model; throws when another model's points are there.</summary>
    private async Task<string> PrepareAsync(string collection, string modelId, int dimensions, CancellationToken cancellationToken)
    {
        var target = QdrantNames.Collection(collection, modelId);
        var existing = await ResolveAsync(collection, cancellationToken);
        if (existing is not null && existing != target)
        {
            var count = await CallAsync(() => _client.CountAsync(existing, exact: true, cancellationToken: cancellationToken));
            if (count > 0)
            {
                throw new IndexModelMismatchException(collection, QdrantNames.ModelPart(existing, collection), modelId);
            }

            // Emptied by deletes: the collection is free for another model, as in the embedded index.
            await CallAsync(() => _client.DeleteCollectionAsync(existing, cancellationToken: cancellationToken));
            _resolved.TryRemove(collection, out _);
            existing = null;
        }

        if (existing is null)
        {
            await CreateAsync(target, dimensions, cancellationToken);
            _resolved[collection] = target;
        }
        else if (await DimensionsAsync(target, cancellationToken) != dimensions)
        {
            throw new ArgumentException($"Collection '{collection}' holds {_dimensions[target]}-dimensional vectors; these have {dimensions}.", nameof(dimensions));
        }

        return target;
    }

    private async Task CreateAsync(string name, int dimensions, CancellationToken cancellationToken)
    {
        var create = new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig
            {
                ParamsMap = new VectorParamsMap { Map = { [QdrantNames.Dense] = new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine } } },
            },
            SparseVectorsConfig = new SparseVectorConfig { Map = { [QdrantNames.Sparse] = new SparseVectorParams { Modifier = Modifier.Idf } } },
        };
        try
        {
            await CallAsync(() => _client.CreateCollectionAsync(create, cancellationToken));
            Log.QdrantCollectionCreated(_logger, name, dimensions);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Another Folio process created it first: same name, same configuration.
        }

        await CallAsync(() => _client.CreatePayloadIndexAsync(name, QdrantPayload.DocumentId, PayloadSchemaType.Keyword, cancellationToken: cancellationToken));
        await CallAsync(() => _client.CreatePayloadIndexAsync(name, QdrantPayload.Tags, PayloadSchemaType.Keyword, cancellationToken: cancellationToken));
        _dimensions[name] = dimensions;
    }

    private async Task<int> DimensionsAsync(string name, CancellationToken cancellationToken)
    {
        if (!_dimensions.TryGetValue(name, out var dimensions))
        {
            var info = await CallAsync(() => _client.GetCollectionInfoAsync(name, cancellationToken));
            dimensions = (int)info.Config.Params.VectorsConfig.ParamsMap.Map[QdrantNames.Dense].Size;
            _dimensions[name] = dimensions;
        }

        return dimensions;
    }

    /// <summary>The Qdrant collection holding <paramref name="collection"/> (whatever its model), or <c>null</c>.</summary>
    private async Task<string?> ResolveAsync(string collection, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(collection, out var known))
        {
            return known;
        }

        var prefix = QdrantNames.Prefix(collection);
        var names = await CallAsync(() => _client.ListCollectionsAsync(cancellationToken));
        var name = names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (name is not null)
        {
            _resolved[collection] = name;
        }

        return name;
    }

    /// <summary>The Qdrant collection for a search by <paramref name="modelId"/>; <c>null</c> when the collection is empty.</summary>
    private async Task<string?> ResolveForModelAsync(string collection, string modelId, int dimensions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (await ResolveAsync(collection, cancellationToken) is not { } name)
        {
            return null;
        }

        if (name != QdrantNames.Collection(collection, modelId))
        {
            throw new IndexModelMismatchException(collection, QdrantNames.ModelPart(name, collection), modelId);
        }

        var expected = await DimensionsAsync(name, cancellationToken);
        return dimensions == expected
            ? name
            : throw new ArgumentException($"The query vector has {dimensions} dimensions; collection '{collection}' holds {expected}.", nameof(dimensions));
    }

    private Task CallAsync(Func<Task> call) => CallAsync(async () =>
    {
        await call();
        return true;
    });

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new ChunkIndexUnavailableException($"Qdrant at {_options.QdrantEndpoint} is unavailable ({e.StatusCode}).", e);
        }
        catch (HttpRequestException e)
        {
            throw new ChunkIndexUnavailableException($"Qdrant at {_options.QdrantEndpoint} is unavailable.", e);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            throw new OperationCanceledException("The Qdrant call was cancelled.", e);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.AlreadyExists)
        {
            // AlreadyExists stays an RpcException: CreateAsync expects it from a concurrent creator.
            throw new ChunkIndexFailedException($"Qdrant at {_options.QdrantEndpoint} answered {e.StatusCode}: {e.Status.Detail}", e);
        }
    }
}
