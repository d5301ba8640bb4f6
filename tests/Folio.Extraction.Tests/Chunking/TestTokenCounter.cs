using Folio.Extraction;

namespace Folio.Extraction.Tests.Chunking;

/// <summary>A token counter given as a callback.</summary>
internal sealed class TestTokenCounter(Func<string, int> count) : ITokenCounter
{
    /// <summary>One token per whitespace-separated word.</summary>
    public static TestTokenCounter Words { get; } = new(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);

    /// <summary>One token per started group of four characters.</summary>
    public static TestTokenCounter Quarters { get; } = new(t => (t.Length + 3) / 4);

    public int Calls { get; private set; }

    public int CountTokens(string text)
    {
        Calls++;
        return count(text);
    }
}
