using System.Diagnostics.Metrics;
using Folio.Generation.Answering;
using Folio.Generation.Chat;
using Folio.Retrieval.Index;
using Microsoft.Extensions.AI;

namespace Folio.Generation.Tests.Answering;

/// <summary>The answer cache's bounds (entries, estimated bytes, least recently used first) and its hit and miss counters.</summary>
public sealed class AnswerCacheTests
{
    private static readonly GenerationBackend Extractive = new(ChatBackendStatus.None, null);

    [Fact]
    public void The_least_recently_used_answer_goes_first_when_entries_are_full()
    {
        var cache = new AnswerCache(maxEntries: 2, maxBytes: 1 << 20);
        cache.Add(Key("a"), Events("A"));
        cache.Add(Key("b"), Events("B"));
        Assert.True(cache.TryGet(Key("a"), out _));

        cache.Add(Key("c"), Events("C"));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(Key("a"), out var a));
        Assert.Equal("A", Assert.IsType<AnswerDone>(a[^1]).Answer.Text);
        Assert.False(cache.TryGet(Key("b"), out _));
        Assert.True(cache.TryGet(Key("c"), out _));
    }

    [Fact]
    public void Bytes_bound_the_cache_and_an_answer_larger_than_the_bound_is_not_kept()
    {
        var cache = new AnswerCache(maxEntries: 100, maxBytes: 3_000);
        cache.Add(Key("huge"), Events(new string('x', 2_000)));
        Assert.Equal(0, cache.Count);

        for (var i = 0; i < 20; i++)
        {
            cache.Add(Key($"q{i}"), Events("short answer"));
        }

        Assert.InRange(cache.Count, 1, 19);
        Assert.True(cache.TryGet(Key("q19"), out _));
        Assert.False(cache.TryGet(Key("q0"), out _));
    }

    [Fact]
    public void Filters_in_another_order_are_the_same_question_and_another_version_is_not()
    {
        var question = new Question("Who?", new ChunkFilter("c", ["d2", "d1"], new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }), 5);
        var reordered = question with { Filter = new ChunkFilter("c", ["d1", "d2"], new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }) };

        Assert.Equal(AnswerCacheKey.For(question, AnswerMode.Extractive, Extractive, 3), AnswerCacheKey.For(reordered, AnswerMode.Extractive, Extractive, 3));
        Assert.NotEqual(AnswerCacheKey.For(question, AnswerMode.Extractive, Extractive, 3), AnswerCacheKey.For(question, AnswerMode.Extractive, Extractive, 4));
    }

    [Fact]
    public void The_conversation_before_a_question_is_part_of_it()
    {
        var question = new Question("And the bearings?", new ChunkFilter("c"), 5, [new ChatMessage(ChatRole.User, "How often is the pump inspected?")]);
        var otherTurn = question with { Conversation = [new ChatMessage(ChatRole.User, "How often is the valve replaced?")] };
        var otherRole = question with { Conversation = [new ChatMessage(ChatRole.Assistant, "How often is the pump inspected?")] };
        var same = question with { Conversation = [new ChatMessage(ChatRole.User, "How often is the pump inspected?")] };

        AnswerCacheKey KeyOf(Question q) => AnswerCacheKey.For(q, AnswerMode.Extractive, Extractive, 1);
        Assert.Equal(KeyOf(question), KeyOf(same));
        Assert.NotEqual(KeyOf(question), KeyOf(otherTurn));
        Assert.NotEqual(KeyOf(question), KeyOf(otherRole));
        Assert.NotEqual(KeyOf(question), KeyOf(question with { Conversation = null }));
    }

    [Fact]
    public void Hits_and_misses_are_counted()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { ["folio.answer.cache.hits"] = 0, ["folio.answer.cache.misses"] = 0 };
        var cache = new AnswerCache(maxEntries: 10, maxBytes: 1 << 20);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Folio.Generation" && counts.ContainsKey(instrument.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counts)
            {
                counts[instrument.Name] += value;
            }
        });
        listener.Start();

        // Tests in other classes may use a cache meanwhile, so this counts at least its own.
        cache.TryGet(Key("unique-miss"), out _);
        cache.Add(Key("unique-miss"), Events("A"));
        cache.TryGet(Key("unique-miss"), out _);
        cache.TryGet(Key("unique-miss"), out _);

        Assert.True(counts["folio.answer.cache.misses"] >= 1);
        Assert.True(counts["folio.answer.cache.hits"] >= 2);
    }

    private static AnswerCacheKey Key(string question) =>
        AnswerCacheKey.For(new Question(question, new ChunkFilter("c"), 5), AnswerMode.Extractive, Extractive, 0);

    private static List<AnswerEvent> Events(string answer) =>
        [new AnswerSources([]), new AnswerDelta(answer), new AnswerDone(new Answer(answer, AnswerMode.Extractive, NoAnswer: false, [], Usage: null))];
}
