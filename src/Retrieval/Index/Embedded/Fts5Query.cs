namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// Turns a user's words into a safe FTS5 MATCH expression: every word becomes a quoted string and the
/// strings are OR-ed, so no FTS5 syntax (AND, NEAR(, *, ^, column filters, quotes) ever reaches SQLite.
/// </summary>
internal static class Fts5Query
{
    /// <summary>Most distinct words sent (long pasted questions would only slow the query). </summary>
    public const int MaxTerms = 64;

    /// <summary>The MATCH expression, or <c>null</c> when the query has no words (then nothing matches).</summary>
    public static string? Build(string query)
    {
        // A word holds only letters, digits and marks, so it cannot contain the '"' that would end the string.
        var terms = WordTokens.Split(query)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxTerms)
            .Select(w => $"\"{w}\"")
            .ToList();
        return terms.Count == 0 ? null : string.Join(" OR ", terms);
    }
}
