using Folio.Extraction;
using Folio.Extraction.Isolation;

namespace Folio.Parser;

/// <summary>The worker's loop: read a request, parse it through <see cref="DocumentParser"/>, answer.</summary>
internal static class ParserHost
{
    /// <summary>Exit code after running out of the heap limit: the pool replaces the worker.</summary>
    public const int OutOfMemoryExitCode = 3;

    // A worker idle this long with more heap than this gives the memory back: it would otherwise keep its
    // largest document's heap (400 MiB after the R manual). Not at once: back-to-back documents reuse it,
    // where giving it back would cost them page faults.
    private static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(30);
    private const long IdleHeapBytes = 64L * 1024 * 1024;

    public static async Task<int> RunAsync(Stream input, Stream output, bool testFaults)
    {
        using var idle = new Timer(_ => ReleaseMemory());
        while (ParserProtocol.ReadRequest(input) is var (request, content))
        {
            idle.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (testFaults)
            {
                TestFaults.Trigger(request.FileName);
            }

            ParseReply? reply = await AnswerAsync(request, content);
            ParserProtocol.WriteReply(output, reply);
            if (reply.WorkerStops)
            {
                return OutOfMemoryExitCode;
            }

            // This frame lives on through the next request: drop the document before it is collected.
            (reply, content) = (null, []);
            idle.Change(IdleDelay, Timeout.InfiniteTimeSpan);
        }

        return 0;
    }

    private static void ReleaseMemory()
    {
        if (GC.GetTotalMemory(forceFullCollection: false) > IdleHeapBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    private static async Task<ParseReply> AnswerAsync(ParseRequest request, byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            return new ParseReply(await DocumentParser.CreateDefault(request.Options).ParseAsync(stream, request.FileName));
        }
        catch (DocumentParseException e)
        {
            return ParseReply.Failed(e);
        }
        catch (OutOfMemoryException)
        {
            // The heap limit (DOTNET_GCHeapHardLimit) was reached. The document's objects are unreachable
            // now, so the small answer fits; then the worker exits, so the next document gets a fresh heap.
            return ParseReply.Failed(ParserPool.MemoryLimitExceeded(request.Options)) with { WorkerStops = true };
        }
    }
}
