using System.Diagnostics.Metrics;
using Folio.Retrieval.Search;

namespace Folio.Generation.Answering;

/// <summary>
/// What makes two questions the same: the text, the conversation before it, the filters (order-free), topK, how it is
/// answered (mode, backend, model) and the collection's content version, which moves on every upload, delete or re-index of the collection.
/// </summary>
internal sealed record AnswerCacheKey(string Question, string Conversation, string Collection, string DocumentIds, string Tags, int TopK, AnswerMode Mode, string Backend, string? Model, long ContentVersion)
{
    public static AnswerCacheKey For(Question question, AnswerMode mode, GenerationBackend backend, long contentVersion)
    {
        var filter = question.Filter;
        // Separators no identifier or tag contains (input rules keep control characters out).
        var documentIds = string.Join('\u001f', (filter.DocumentIds ?? []).Order(StringComparer.Ordinal));
        var tags = string.Join('\u001f', (filter.Tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}\u001e{t.Value}"));
        // Each turn is length-prefixed: its text is free and may hold any separator.
        var conversation = string.Concat((question.Conversation ?? []).Select(m => $"{m.Role.Value}:{m.Text.Length}:{m.Text}"));
        return new(question.Text, conversation, filter.Collection, documentIds, tags, question.TopK, mode, backend.Status.Backend.ToString(), backend.Status.Model, contentVersion);
    }
}

/// <summary>
/// Finished answers, as the events that made them, kept in memory so an identical question over an unchanged
/// collection is replayed rather than searched and generated again. Bounded by entries and by an estimate of the
/// bytes its text takes; the least recently used answers go first. Hits and misses are counted (meter
/// <c>Folio.Generation</c>). Thread-safe.
/// </summary>
public sealed class AnswerCache
{
    private static readonly Meter Meter = new("Folio.Generation");
    private static readonly Counter<long> Hits = Meter.CreateCounter<long>("folio.answer.cache.hits", description: "Questions answered from the answer cache");
    private static readonly Counter<long> Misses = Meter.CreateCounter<long>("folio.answer.cache.misses", description: "Questions the answer cache could not answer");

    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<AnswerCacheKey, LinkedListNode<Entry>> _entries = [];

    // Most recently used first.
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    /// <summary>A cache of at most <paramref name="maxEntries"/> answers (0: none kept) and about <paramref name="maxBytes"/> bytes.</summary>
    public AnswerCache(int maxEntries, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
    }

    /// <summary>How many answers are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    internal bool TryGet(AnswerCacheKey key, out IReadOnlyList<AnswerEvent> events)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                events = node.Value.Events;
                Hits.Add(1);
                return true;
            }
        }

        Misses.Add(1);
        events = [];
        return false;
    }

    internal void Add(AnswerCacheKey key, IReadOnlyList<AnswerEvent> events)
    {
        var bytes = EstimateBytes(key, events);
        if (_maxEntries == 0 || bytes > _maxBytes)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(key, out var old))
            {
                _recency.Remove(old);
                _bytes -= old.Value.Bytes;
            }

            _entries[key] = _recency.AddFirst(new Entry(key, events, bytes));
            _bytes += bytes;
            while (_entries.Count > _maxEntries || _bytes > _maxBytes)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
                _bytes -= last.Value.Bytes;
            }
        }
    }

    // Two bytes a character plus a fixed cost per object: an estimate, close enough to bound memory.
    private static long EstimateBytes(AnswerCacheKey key, IReadOnlyList<AnswerEvent> events)
    {
        const int ObjectBytes = 64;
        long Text(string? text) => ObjectBytes + (2L * (text?.Length ?? 0));
        long EvidenceBytes(Evidence e) => Text(e.DocumentId) + Text(e.FileName) + Text(e.ChunkId) + Text(e.Quote) + Text(e.Match) + (e.Bbox is null ? 0 : ObjectBytes);
        long CitationBytes(Citation c) => Text(c.DocumentId) + Text(c.FileName) + Text(c.ChunkId) + Text(c.Quote) + Text(c.Match) + (c.Bbox is null ? 0 : ObjectBytes);
        var bytes = Text(key.Question) + Text(key.Conversation) + Text(key.Collection) + Text(key.DocumentIds) + Text(key.Tags) + Text(key.Model) + (2 * ObjectBytes);
        foreach (var step in events)
        {
            bytes += step switch
            {
                AnswerSources sources => ObjectBytes + sources.Sources.Sum(EvidenceBytes),
                AnswerDelta delta => Text(delta.Text),
                AnswerDone done => Text(done.Answer.Text) + done.Answer.Citations.Sum(CitationBytes),
                _ => ObjectBytes,
            };
        }

        return bytes;
    }

    private sealed record Entry(AnswerCacheKey Key, IReadOnlyList<AnswerEvent> Events, long Bytes);
}
