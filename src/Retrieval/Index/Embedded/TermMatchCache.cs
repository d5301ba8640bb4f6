using System.Collections.Concurrent;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// How many chunks of a collection hold each keyword term (capped, see <see cref="KeywordPlan"/>), counted at
/// one write generation: the counts only steer which terms a search sends, so they are kept until the
/// collection changes rather than counted again for every search.
/// </summary>
internal sealed class TermMatchCache(long generation)
{
    /// <summary>Terms kept before the cache starts afresh.</summary>
    public const int MaxTerms = 65_536;

    /// <summary>The collection generation the counts belong to.</summary>
    public long Generation { get; } = generation;

    /// <summary>Term → matching chunks (at most the scoring budget + 1).</summary>
    public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
}
