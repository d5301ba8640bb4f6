namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// What one keyword search asks FTS5, chosen so that bm25 scores a bounded number of chunks: FTS5 ranks
/// every chunk that matches (a few microseconds each), so a query word found in most chunks of a large
/// collection would cost hundreds of milliseconds while adding almost nothing to the ranking (its IDF is
/// near zero). Terms are taken most selective first (highest IDF) while the chunks they match together stay
/// within the budget; the rest are dropped. When even the most selective term matches more than the budget,
/// every term is common: the chunks holding all of them (AND) are ranked, among the newest
/// <see cref="Window"/> such chunks.
/// </summary>
/// <param name="Match">The FTS5 MATCH expression: quoted terms, OR-ed (or AND-ed when all are common).</param>
/// <param name="Window">When set, only the newest this-many matches are ranked.</param>
internal sealed record KeywordPlan(string Match, int? Window)
{
    /// <summary>Most terms sent to FTS5 (the most selective ones).</summary>
    public const int MaxTerms = 64;

    /// <summary>Most terms AND-ed when every term is common.</summary>
    public const int MaxCommonTerms = 4;

    /// <summary>
    /// Chooses the terms. <paramref name="matches"/> holds each term's matching chunks, counted no further
    /// than <paramref name="budget"/> + 1; terms matching nothing are left out. <c>null</c> when nothing can match.
    /// </summary>
    public static KeywordPlan? Choose(IReadOnlyList<string> terms, IReadOnlyDictionary<string, int> matches, int budget)
    {
        // Terms hold only letters, digits and marks (WordTokens), so a quoted term never carries FTS5 syntax.
        var ranked = terms.Where(t => matches.GetValueOrDefault(t) > 0).OrderBy(t => matches[t]).ToList();
        if (ranked.Count == 0)
        {
            return null;
        }

        if (matches[ranked[0]] > budget)
        {
            // All common: query order decides which few are required together (their counts are all capped).
            var common = terms.Where(t => matches.GetValueOrDefault(t) > 0).Take(MaxCommonTerms).Select(Quote);
            return new KeywordPlan(string.Join(" AND ", common), budget);
        }

        var chosen = new List<string>();
        var scored = 0;
        foreach (var term in ranked.Take(MaxTerms))
        {
            if (scored + matches[term] > budget)
            {
                break;
            }

            scored += matches[term];
            chosen.Add(Quote(term));
        }

        return new KeywordPlan(string.Join(" OR ", chosen), null);
    }

    private static string Quote(string term) => $"\"{term}\"";
}
