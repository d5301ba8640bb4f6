using Folio.Extraction.Isolation;

namespace Folio.Parser;

/// <summary>
/// TEST ONLY. Faults no real input produces on demand, so tests can check that the pool survives them.
/// Active only when the pool starts the worker with <see cref="ParserProcess.TestFaultsVariable"/> set,
/// which only a test can ask for (an internal property of the pool, not a configuration key).
/// </summary>
internal static class TestFaults
{
    /// <summary>A file of this name makes the worker hang, ignoring every deadline (a runaway parse).</summary>
    public const string HangFileName = "folio-test-fault-hang.txt";

    public static bool Enabled => Environment.GetEnvironmentVariable(ParserProcess.TestFaultsVariable) == "1";

    public static void Trigger(string fileName)
    {
        if (fileName == HangFileName)
        {
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
