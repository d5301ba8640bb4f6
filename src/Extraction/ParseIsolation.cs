namespace Folio.Extraction;

/// <summary>Where <see cref="ParserPool"/> runs a parse.</summary>
public enum ParseIsolation
{
    /// <summary>
    /// In a reusable <c>Folio.Parser</c> worker process: a stack overflow, a runaway parse or a memory
    /// blow-up costs that document, never the service, and the deadline kills the work.
    /// </summary>
    Process,

    /// <summary>In this process (tests, benchmarks): a parser crash takes the whole process down.</summary>
    InProcess,
}
