using Folio.Retrieval.Index;
using Folio.Retrieval.Index.Embedded;

namespace Folio.Retrieval.Tests.Index;

public sealed class HnswGraphTests
{
    [Fact]
    public void Many_more_concurrent_searchers_than_processors_all_get_answers()
    {
        // USearch has one search context per hardware thread; a 17th concurrent search on a 16-thread machine used to throw.
        using var graph = HnswGraph.Create(IndexCorpus.Dimensions, new IndexOptions());
        var random = new Random(5);
        var vectors = Enumerable.Range(0, 2_000).Select(_ => IndexCorpus.RandomVector(random)).ToArray();
        graph.Add(Enumerable.Range(1, vectors.Length).Select(i => (ulong)i).ToArray(), vectors);
        var searchers = Math.Max(16, HnswGraph.SearchSlots * 4);
        using var start = new Barrier(searchers);
        var found = new int[searchers];
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();

        var threads = Enumerable.Range(0, searchers).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                for (var i = 0; i < 200; i++)
                {
                    found[t] += graph.Search(vectors[((t * 200) + i) % vectors.Length], 10).Length;
                }
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        })).ToList();
        foreach (var thread in threads)
        {
            thread.UnsafeStart();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
        Assert.All(found, f => Assert.Equal(200 * 10, f));
    }

    [Fact]
    public void A_batch_added_from_several_threads_holds_every_vector_findable()
    {
        using var graph = HnswGraph.Create(IndexCorpus.Dimensions, new IndexOptions());
        var random = new Random(6);
        var vectors = Enumerable.Range(0, 3_000).Select(_ => IndexCorpus.RandomVector(random)).ToArray();
        var keys = Enumerable.Range(0, vectors.Length).Select(i => (ulong)(i + 10)).ToArray();

        graph.Add(keys[..1_000], vectors[..1_000]);
        graph.Add(keys[1_000..], vectors[1_000..]);

        Assert.Equal(3_000, graph.Count);
        var selfFound = Enumerable.Range(0, vectors.Length).Count(i => graph.Search(vectors[i], 1)[0].Key == keys[i]);
        // HNSW is approximate, and inserts from several threads leave a few more nodes that greedy search
        // misses when the machine is loaded (seen: below 2,990 once on 2 busy cores); a lost or corrupted
        // batch would show as a third or more of the vectors missing, not a handful.
        Assert.True(selfFound >= 2_970, $"{selfFound} of 3000 vectors are their own nearest neighbour");
    }
}
