namespace Folio.Retrieval.Embeddings;

/// <summary>
/// Groups texts into model calls: sorted by token count (longest first, so the slowest calls start first and
/// sessions finish together), each batch holding at most a token budget of rows × padded length, so short
/// texts share a call and padding stays small.
/// </summary>
internal static class TokenBudgetBatcher
{
    /// <summary>
    /// Indexes into <paramref name="lengths"/>, one array per batch. The budget shrinks so that there are at
    /// least <paramref name="parallelism"/> batches when there are that many texts (every session gets work).
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<int> lengths, int budget, int parallelism)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ToArray();
        var total = lengths.Sum(l => (long)l);
        var perSession = (int)Math.Min(budget, (total + parallelism - 1) / Math.Max(1, parallelism));

        var batches = new List<int[]>();
        var start = 0;
        while (start < order.Length)
        {
            // Longest first: the first row fixes the padded length of the batch.
            var width = lengths[order[start]];
            var rows = Math.Max(1, perSession / Math.Max(1, width));
            var count = Math.Min(rows, order.Length - start);
            batches.Add(order[start..(start + count)]);
            start += count;
        }

        return batches;
    }
}
