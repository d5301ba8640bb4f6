using Cloud.Unum.USearch;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// One USearch HNSW graph (cosine, f32) of a collection's vectors, keyed by the chunks' SQLite row ids.
/// USearch checks neither vector lengths nor concurrent resizing, so this wrapper checks lengths and
/// takes a read lock to search or save and a write lock to add or remove. USearch also gives each
/// concurrent search one of a fixed pool of thread contexts, sized to the machine's hardware threads when
/// the graph is created or loaded (the C# wrapper cannot change it); a search beyond the pool fails with
/// "Reserve capacity ahead of searches!", so searches are gated to <see cref="SearchSlots"/> at a time.
/// </summary>
internal sealed class HnswGraph : IDisposable
{
    /// <summary>
    /// Searches allowed at once: the processors .NET sees, which is never more than the hardware threads
    /// USearch reserves contexts for (cgroup quotas and affinity only lower it).
    /// </summary>
    public static readonly int SearchSlots = Environment.ProcessorCount;

    private readonly USearchIndex _index;
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _searchSlots = new(SearchSlots, SearchSlots);
    private bool _disposed;

    private HnswGraph(USearchIndex index, int dimensions)
    {
        _index = index;
        Dimensions = dimensions;
    }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Vectors in the graph.</summary>
    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _disposed ? 0 : (long)_index.Size();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>A new, empty graph.</summary>
    public static HnswGraph Create(int dimensions, IndexOptions options) =>
        new(
            new USearchIndex(MetricKind.Cos, ScalarKind.Float32, (ulong)dimensions, (ulong)options.HnswConnectivity, (ulong)options.HnswExpansionAdd, (ulong)options.HnswExpansionSearch),
            dimensions);

    /// <summary>Loads a saved graph into memory (not a view: views cannot change); <c>null</c> when the file is unreadable or of another dimension.</summary>
    public static HnswGraph? TryLoad(string path, int dimensions)
    {
        USearchIndex? index = null;
        try
        {
            index = new USearchIndex(path, view: false);
            if ((int)index.Dimensions() != dimensions)
            {
                index.Dispose();
                return null;
            }

            return new HnswGraph(index, dimensions);
        }
        catch (USearchException)
        {
            index?.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Adds vectors in one batch: room is reserved once, then the vectors are inserted by up to
    /// <see cref="SearchSlots"/> threads at once (each insert takes one of USearch's thread contexts).
    /// </summary>
    public void Add(ulong[] keys, float[][] vectors)
    {
        foreach (var vector in vectors)
        {
            CheckLength(vector);
        }

        if (keys.Length == 0)
        {
            return;
        }

        _lock.EnterWriteLock();
        try
        {
            USearchNative.Reserve(_index, _index.Size() + (ulong)keys.Length);
            Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = SearchSlots }, i => USearchNative.Add(_index, keys[i], vectors[i]));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes keys; absent keys are ignored.</summary>
    public void Remove(IEnumerable<ulong> keys)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var key in keys)
            {
                _index.Remove(key);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The <paramref name="count"/> nearest keys with their cosine similarity, best first.</summary>
    public (ulong Key, double Similarity)[] Search(float[] query, int count)
    {
        CheckLength(query);
        _searchSlots.Wait();
        _lock.EnterReadLock();
        try
        {
            if (_disposed)
            {
                return [];
            }

            var found = _index.Search(query, count, out var keys, out var distances);
            var hits = new (ulong, double)[found];
            for (var i = 0; i < found; i++)
            {
                hits[i] = (keys[i], 1.0 - distances[i]);
            }

            return hits;
        }
        finally
        {
            _lock.ExitReadLock();
            _searchSlots.Release();
        }
    }

    /// <summary>Writes the graph to <paramref name="path"/> atomically (temp file, then rename); returns the file's length.</summary>
    public long Save(string path)
    {
        var temporary = path + ".tmp";
        _lock.EnterReadLock();
        try
        {
            _index.Save(temporary);
        }
        finally
        {
            _lock.ExitReadLock();
        }

        File.Move(temporary, path, overwrite: true);
        return new FileInfo(path).Length;
    }

    /// <inheritdoc/>
    /// <remarks>Waits for running searches; later ones find nothing. The lock itself is left to the GC so that a search already waiting on it does not throw.</remarks>
    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _index.Dispose();
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void CheckLength(float[] vector)
    {
        // USearch passes only a pointer to native code: a short array would be read past its end.
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; the collection's vectors have {Dimensions}.", nameof(vector));
        }
    }
}
