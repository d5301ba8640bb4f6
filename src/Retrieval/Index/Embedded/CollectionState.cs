namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// What the embedded index holds in memory for one collection. <see cref="Writer"/> serialises writes,
/// opening and saving; searches read <see cref="Record"/> and <see cref="Graph"/> without it.
/// </summary>
internal sealed class CollectionState(string name) : IDisposable
{
    private volatile CollectionRecord? _record;
    private volatile HnswGraph? _graph;
    private volatile TermMatchCache? _termMatches;

    /// <summary>The collection's name.</summary>
    public string Name { get; } = name;

    /// <summary>Held by upserts, deletes, the first open and saves of this collection.</summary>
    public SemaphoreSlim Writer { get; } = new(1, 1);

    /// <summary>The collection's row as last read or written; <c>null</c> before the first read or when empty.</summary>
    public CollectionRecord? Record { get => _record; set => _record = value; }

    /// <summary>Whether <see cref="Record"/> has been read from SQLite.</summary>
    public bool RecordKnown { get; set; }

    /// <summary>The graph in memory, once opened.</summary>
    public HnswGraph? Graph { get => _graph; set => _graph = value; }

    /// <summary>The graph has changes not yet in its file.</summary>
    public bool Dirty { get; set; }

    /// <summary>When the graph last went from saved to changed.</summary>
    public DateTime DirtySince { get; set; }

    /// <summary>Each keyword term's matching chunks, for the generation it was counted at.</summary>
    public TermMatchCache? TermMatches { get => _termMatches; set => _termMatches = value; }

    /// <summary>Fires a save once the collection has had no change for <see cref="IndexOptions.SaveDelay"/>.</summary>
    public Timer? SaveTimer { get; set; }

    /// <inheritdoc/>
    /// <remarks><see cref="Writer"/> is not disposed: a save already queued on the timer may still release it (a SemaphoreSlim without a wait handle holds nothing to free).</remarks>
    public void Dispose()
    {
        SaveTimer?.Dispose();
        Graph?.Dispose();
    }
}
