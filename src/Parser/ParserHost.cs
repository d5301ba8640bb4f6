using Folio.Extraction;
using Folio.Extraction.Isolation;

namespace Folio.Parser;

/// <summary>The worker's loop: read a request, parse it through <see cref="DocumentParser"/>, answer.</summary>
internal static class ParserHost
{
    /// <summary>Exit code after running out of the heap limit: the pool replaces the worker.</summary>
    public const int OutOfMemoryExitCode = 3;

    public static async Task<int> RunAsync(Stream input, Stream output, bool testFaults)
    {
        while (ParserProtocol.ReadRequest(input) is var (request, content))
        {
            if (testFaults)
            {
                TestFaults.Trigger(request.FileName);
            }

            ParseReply reply;
            try
            {
                using var stream = new MemoryStream(content, writable: false);
                reply = new ParseReply(await DocumentParser.CreateDefault(request.Options).ParseAsync(stream, request.FileName));
            }
            catch (DocumentParseException e)
            {
                reply = ParseReply.Failed(e);
            }
            catch (OutOfMemoryException)
            {
                // The heap limit (DOTNET_GCHeapHardLimit) was reached. The document's objects are unreachable
                // now, so the small reply fits; then exit, so the next document gets a fresh heap.
                content = [];
                ParserProtocol.WriteReply(output, ParseReply.Failed(ParserPool.MemoryLimitExceeded(request.Options)) with { WorkerStops = true });
                return OutOfMemoryExitCode;
            }

            ParserProtocol.WriteReply(output, reply);
        }

        return 0;
    }
}
