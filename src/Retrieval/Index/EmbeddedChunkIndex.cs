using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Folio.Retrieval.Index.Embedded;
using Microsoft.Extensions.Logging;

namespace Folio.Retrieval.Index;

/// <summary>
/// The default <see cref="IChunkIndex"/>: SQLite (WAL) in <c>{dataFolder}/index/chunks.db</c> is the source
/// of truth for chunks, vectors, document tags and one FTS5/bm25 keyword table per collection; one USearch
/// HNSW graph per collection (and model) lives in memory beside it, saved to <c>{dataFolder}/index/*.usearch</c>
/// once the collection has been idle for <see cref="IndexOptions.SaveDelay"/>, and on dispose. When a
/// collection is first used, its saved graph is loaded and the chunks added after the save are added to it
/// from SQLite; a graph file that is missing, unreadable, not the last one saved, or holding chunks removed
/// since is rebuilt from SQLite instead.
/// </summary>
/// <remarks>
/// A collection is bound to the model of its first vectors until its last document is deleted.
/// Thread-safe: writes to one collection are serialised; searches run concurrently with each other and with writes.
/// An empty <see cref="ChunkFilter.DocumentIds"/> list does not restrict.
/// </remarks>
public sealed class EmbeddedChunkIndex : IChunkIndex, IHybridChunkIndex, IDisposable
{
    private const int RebuildBatch = 8_192;

    /// <summary>Longest a changed graph waits for an idle moment before it is saved anyway.</summary>
    private static readonly TimeSpan MaxSaveInterval = TimeSpan.FromMinutes(5);

    private readonly string _folder;
    private readonly IndexOptions _options;
    private readonly ILogger<EmbeddedChunkIndex> _logger;
    private readonly ChunkStore _store;
    private readonly ConcurrentDictionary<string, CollectionState> _collections = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Opens (or creates) the index in <paramref name="dataFolder"/>.</summary>
    public EmbeddedChunkIndex(string dataFolder, IndexOptions options, ILogger<EmbeddedChunkIndex> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _folder = Path.Combine(dataFolder, "index");
        _options = options;
        _logger = logger;
        Directory.CreateDirectory(_folder);
        _store = new ChunkStore(Path.Combine(_folder, "chunks.db"));
    }

    /// <inheritdoc/>
    public async Task UpsertAsync(string modelId, IReadOnlyList<ChunkVector> chunks, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var (collection, group, vectors, dimensions) in ChunkBatch.Validate(modelId, chunks))
        {
            var state = State(collection);
            await state.Writer.WaitAsync(cancellationToken);
            try
            {
                var record = ReadRecord(state);
                if (record is not null && record.ModelId != modelId)
                {
                    throw new IndexModelMismatchException(collection, record.ModelId, modelId);
                }

                if (record is not null)
                {
                    OpenGraph(state, record);
                }

                var (updated, replaced, added) = _store.Upsert(collection, modelId, dimensions, group);
                state.Graph ??= HnswGraph.Create(dimensions, _options);
                state.Graph.Remove(replaced);
                state.Graph.Add(added, vectors);
                state.Record = updated;
                MarkDirty(state);
            }
            finally
            {
                state.Writer.Release();
            }
        }
    }

    /// <inheritdoc/>
    public async Task DeleteDocumentAsync(string collection, string documentId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        ArgumentNullException.ThrowIfNull(documentId);
        var state = State(collection);
        await state.Writer.WaitAsync(cancellationToken);
        try
        {
            var record = ReadRecord(state);
            if (record is null)
            {
                return;
            }

            OpenGraph(state, record);
            var (removed, after) = _store.DeleteDocument(collection, documentId);
            if (removed.Count == 0)
            {
                return;
            }

            state.Record = after;
            if (after is null)
            {
                // The collection is empty: drop its graph and file, freeing it for another model.
                state.SaveTimer?.Change(Timeout.Infinite, Timeout.Infinite);
                state.Dirty = false;
                var graph = state.Graph;
                state.Graph = null;
                graph?.Dispose();
                File.Delete(GraphPath(record));
                return;
            }

            state.Graph!.Remove(removed);
            MarkDirty(state);
        }
        finally
        {
            state.Writer.Release();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChunkHit> SearchVectorAsync(string modelId, ReadOnlyMemory<float> vector, ChunkFilter filter, int topK, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var hit in await SearchVectorListAsync(modelId, vector, filter, topK, cancellationToken))
        {
            yield return hit;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChunkHit> SearchKeywordsAsync(string query, ChunkFilter filter, int topK, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var hit in await SearchKeywordListAsync(query, filter, topK, cancellationToken))
        {
            yield return hit;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChunkHit> SearchHybridAsync(string modelId, ReadOnlyMemory<float> vector, string query, ChunkFilter filter, int topK, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var depth = topK * _options.OverFetchFactor;
        var byVector = await SearchVectorListAsync(modelId, vector, filter, depth, cancellationToken);
        var byWords = await SearchKeywordListAsync(query, filter, depth, cancellationToken);
        foreach (var hit in ReciprocalRankFusion.Fuse([byVector, byWords], topK))
        {
            yield return hit;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<IndexedDocument> ListDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await Task.Yield();
        foreach (var document in _store.CountByDocument())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return document;
        }
    }

    /// <inheritdoc/>
    public Task<long> CountAsync(ChunkFilter filter, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(filter);
        return Task.FromResult(_store.Count(filter));
    }

    /// <summary>Saves every changed graph and releases memory and files.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var state in _collections.Values)
        {
            state.Writer.Wait();
            try
            {
                state.SaveTimer?.Dispose();
                state.SaveTimer = null;
                SaveIfDirty(state);
            }
            finally
            {
                state.Writer.Release();
            }

            state.Dispose();
        }

        _collections.Clear();
        _store.ReleaseConnections();
    }

    /// <summary>The graph file of a collection and model (names are slugged and hashed, so any collection name is safe).</summary>
    internal string GraphPath(CollectionRecord record) =>
        Path.Combine(_folder, $"{FileSlug(record.Name)}.{FileSlug(record.ModelId)}.usearch");

    private static string FileSlug(string name)
    {
        var slug = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(40).ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12];
        return $"{slug}-{hash}";
    }

    private async Task<List<ChunkHit>> SearchVectorListAsync(string modelId, ReadOnlyMemory<float> vector, ChunkFilter filter, int topK, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ChunkBatch.ValidateSearch(filter, topK);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var state = State(filter.Collection);
        var record = state.RecordKnown ? state.Record : await ReadRecordLockedAsync(state, cancellationToken);
        if (record is null)
        {
            return [];
        }

        if (record.ModelId != modelId)
        {
            throw new IndexModelMismatchException(filter.Collection, record.ModelId, modelId);
        }

        if (vector.Length != record.Dimensions)
        {
            throw new ArgumentException($"The query vector has {vector.Length} dimensions; collection '{filter.Collection}' holds {record.Dimensions}.", nameof(vector));
        }

        var query = vector.ToArray();
        if (SqlChunkFilter.IsSelective(filter) && _store.CountUpTo(filter, _options.ExactSearchMaxCandidates) <= _options.ExactSearchMaxCandidates)
        {
            return SearchExact(query, filter, topK);
        }

        var graph = state.Graph ?? await OpenGraphLockedAsync(state, cancellationToken);
        if (graph is null)
        {
            return [];
        }

        // Asked for every vector the graph holds, or more: HNSW is approximate and can miss a few (more so after
        // inserts from several threads); comparing with each stored vector cannot, and is no dearer at this size.
        return graph.Count <= topK ? SearchExact(query, filter, topK) : SearchGraph(graph, query, filter, topK);
    }

    private async Task<List<ChunkHit>> SearchKeywordListAsync(string query, ChunkFilter filter, int topK, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ChunkBatch.ValidateSearch(filter, topK);
        ArgumentNullException.ThrowIfNull(query);
        var terms = QueryTerms.Of(query);
        if (terms.Count == 0)
        {
            return [];
        }

        var state = State(filter.Collection);
        var record = state.RecordKnown ? state.Record : await ReadRecordLockedAsync(state, cancellationToken);
        if (record is null)
        {
            return [];
        }

        var plan = KeywordPlan.Choose(terms, TermMatches(state, record, terms, cancellationToken), _options.KeywordMaxScoredChunks);
        return plan is null ? [] : _store.SearchKeywords(plan, filter, topK, cancellationToken);
    }

    /// <summary>Each term's matching chunks (capped at the scoring budget + 1), remembered until the collection next changes.</summary>
    private Dictionary<string, int> TermMatches(CollectionState state, CollectionRecord record, List<string> terms, CancellationToken cancellationToken)
    {
        var cache = state.TermMatches;
        if (cache is null || cache.Generation != record.Generation || cache.Counts.Count > TermMatchCache.MaxTerms)
        {
            cache = new TermMatchCache(record.Generation);
            state.TermMatches = cache;
        }

        var missing = terms.Where(t => !cache.Counts.ContainsKey(t)).ToList();
        foreach (var (term, count) in _store.CountTermMatches(record.Name, missing, _options.KeywordMaxScoredChunks, cancellationToken))
        {
            cache.Counts[term] = count;
        }

        return terms.ToDictionary(t => t, t => cache.Counts.GetValueOrDefault(t), StringComparer.Ordinal);
    }

    private List<ChunkHit> SearchExact(float[] query, ChunkFilter filter, int topK)
    {
        // Few candidates: comparing with each stored vector is exact and cheaper than filtering graph results.
        var best = new PriorityQueue<ulong, double>(topK + 1);
        foreach (var (key, vector) in _store.ReadVectors(filter))
        {
            best.Enqueue(key, Cosine.Similarity(query, vector));
            if (best.Count > topK)
            {
                best.Dequeue();
            }
        }

        var scored = new List<(ulong Key, double Score)>(best.Count);
        while (best.TryDequeue(out var key, out var score))
        {
            scored.Add((key, score));
        }

        scored.Reverse();
        var chunks = _store.GetByKeys(scored.Select(s => s.Key).ToList(), filter);
        return scored.Where(s => chunks.ContainsKey(s.Key)).Select(s => new ChunkHit(chunks[s.Key], s.Score)).ToList();
    }

    private List<ChunkHit> SearchGraph(HnswGraph graph, float[] query, ChunkFilter filter, int topK)
    {
        // Over-fetch, then filter in SQLite; widen until enough pass or the graph has nothing more to give.
        var selective = SqlChunkFilter.IsSelective(filter);
        var fetch = selective ? topK * _options.OverFetchFactor : topK;
        while (true)
        {
            var found = graph.Search(query, fetch);
            var chunks = _store.GetByKeys(found.Select(f => f.Key).ToList(), filter);
            var hits = found.Where(f => chunks.ContainsKey(f.Key)).Select(f => new ChunkHit(chunks[f.Key], f.Similarity)).ToList();
            if (hits.Count >= topK || found.Length < fetch || fetch >= graph.Count)
            {
                return hits.Take(topK).ToList();
            }

            fetch = (int)Math.Min((long)fetch * _options.OverFetchFactor, graph.Count);
        }
    }

    private CollectionState State(string collection) => _collections.GetOrAdd(collection, static name => new CollectionState(name));

    /// <summary>Reads the collection's row once; call with <see cref="CollectionState.Writer"/> held.</summary>
    private CollectionRecord? ReadRecord(CollectionState state)
    {
        if (!state.RecordKnown)
        {
            state.Record = _store.GetCollection(state.Name);
            state.RecordKnown = true;
        }

        return state.Record;
    }

    private async Task<CollectionRecord?> ReadRecordLockedAsync(CollectionState state, CancellationToken cancellationToken)
    {
        await state.Writer.WaitAsync(cancellationToken);
        try
        {
            return ReadRecord(state);
        }
        finally
        {
            state.Writer.Release();
        }
    }

    private async Task<HnswGraph?> OpenGraphLockedAsync(CollectionState state, CancellationToken cancellationToken)
    {
        await state.Writer.WaitAsync(cancellationToken);
        try
        {
            var record = ReadRecord(state);
            if (record is not null)
            {
                OpenGraph(state, record);
            }

            return state.Graph;
        }
        finally
        {
            state.Writer.Release();
        }
    }

    /// <summary>
    /// Loads the graph file and adds the chunks stored after it was saved; rebuilds the graph from SQLite when
    /// the file is missing, unreadable, not the one last saved, or chunks it holds were removed since. Call with the writer held.
    /// </summary>
    private void OpenGraph(CollectionState state, CollectionRecord record)
    {
        if (state.Graph is not null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        if (TryLoadGraph(state, record) is not { } reason)
        {
            return;
        }

        var graph = HnswGraph.Create(record.Dimensions, _options);
        var count = AddFromStore(graph, record.Name, afterKey: 0);
        state.Graph = graph;
        Log.GraphRebuilt(_logger, record.Name, record.ModelId, reason, count, clock.ElapsedMilliseconds);
        state.Dirty = true;
        SaveIfDirty(state);
    }

    /// <summary>Loads and catches up the saved graph; <c>null</c> when done, otherwise why it must be rebuilt.</summary>
    private string? TryLoadGraph(CollectionState state, CollectionRecord record)
    {
        var path = GraphPath(record);
        if (!File.Exists(path))
        {
            return "no graph file";
        }

        if (record.SavedKey < 0 || new FileInfo(path).Length != record.SavedBytes)
        {
            return "the graph file is not the one last saved";
        }

        if (HnswGraph.TryLoad(path, record.Dimensions) is not { } loaded)
        {
            return "the graph file could not be read";
        }

        // Keys only grow: the saved graph must hold exactly the rows up to its largest key (none removed since),
        // and the rows above it are the ones added since.
        if (loaded.Count != _store.Count(new ChunkFilter(record.Name), upToKey: record.SavedKey))
        {
            loaded.Dispose();
            return "chunks were removed or replaced after the graph file was saved";
        }

        var clock = Stopwatch.StartNew();
        var added = AddFromStore(loaded, record.Name, record.SavedKey);
        var count = _store.Count(new ChunkFilter(record.Name));
        if (loaded.Count != count)
        {
            loaded.Dispose();
            return "the graph's count differs from the database";
        }

        state.Graph = loaded;
        if (added > 0)
        {
            Log.GraphCaughtUp(_logger, record.Name, added, count, clock.ElapsedMilliseconds);
            state.Dirty = true;
            SaveIfDirty(state);
        }
        else
        {
            Log.GraphLoaded(_logger, record.Name, count);
        }

        return null;
    }

    /// <summary>Adds the collection's vectors with keys above <paramref name="afterKey"/>, in batches; returns how many.</summary>
    private long AddFromStore(HnswGraph graph, string collection, long afterKey)
    {
        long added = 0;
        foreach (var batch in _store.ReadVectors(new ChunkFilter(collection), afterKey).Chunk(RebuildBatch))
        {
            graph.Add(batch.Select(b => b.Key).ToArray(), batch.Select(b => b.Vector).ToArray());
            added += batch.Length;
        }

        return added;
    }

    private void MarkDirty(CollectionState state)
    {
        // Debounced: the graph is written once the collection has been idle for SaveDelay (and on dispose), not
        // while a stream of upserts is still coming; after a crash the rows added since are caught up from SQLite.
        // A collection that is never idle is still saved every MaxSaveInterval, so that catch-up stays short.
        var now = DateTime.UtcNow;
        if (!state.Dirty)
        {
            state.DirtySince = now;
        }

        state.Dirty = true;
        var due = TimeSpan.FromTicks(Math.Min(_options.SaveDelay.Ticks, Math.Max(0, (state.DirtySince + MaxSaveInterval - now).Ticks)));
        state.SaveTimer ??= new Timer(static s => ((Action)s!)(), (Action)(() => SaveFromTimer(state)), Timeout.Infinite, Timeout.Infinite);
        state.SaveTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void SaveFromTimer(CollectionState state)
    {
        try
        {
            state.Writer.Wait();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (!_disposed)
            {
                SaveIfDirty(state);
            }
        }
        catch (Exception e)
        {
            // A timer thread must not throw; the stale file is detected and rebuilt on next open.
            Log.GraphSaveFailed(_logger, e, state.Name);
        }
        finally
        {
            state.Writer.Release();
        }
    }

    /// <summary>Writes the graph and records which generation it reflects. Call with the writer held.</summary>
    private void SaveIfDirty(CollectionState state)
    {
        if (!state.Dirty || state.Graph is null || state.Record is not { } record)
        {
            return;
        }

        // Called with the writer held, so the graph holds exactly the collection's rows: up to its largest key.
        var savedKey = _store.MaxKey(record.Name);
        var bytes = state.Graph.Save(GraphPath(record));
        _store.MarkSaved(record.Name, savedKey, bytes);
        state.Record = record with { SavedKey = savedKey, SavedBytes = bytes };
        state.Dirty = false;
    }
}
