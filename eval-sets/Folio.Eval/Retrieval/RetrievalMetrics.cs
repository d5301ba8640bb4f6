namespace Folio.Eval.Retrieval;

/// <summary>
/// The scoring conventions of eval/README.md: recall@k = share of questions with a relevant document
/// among the top k distinct documents; MRR over the first relevant document; nDCG@10 with gain 2^grade − 1.
/// </summary>
internal sealed class RetrievalMetrics
{
    private readonly List<(IReadOnlyList<string> Ranked, IReadOnlySet<string> Relevant, IReadOnlyDictionary<string, int>? Grades)> _questions = [];

    public int Count => _questions.Count;

    /// <summary>Adds one question's ranking (document ids, best first; repeats are collapsed).</summary>
    public void Add(IEnumerable<string> rankedDocumentIds, IEnumerable<string> relevant, IReadOnlyDictionary<string, int>? grades = null) =>
        _questions.Add((rankedDocumentIds.Distinct(StringComparer.Ordinal).ToList(), relevant.ToHashSet(StringComparer.Ordinal), grades));

    public double RecallAt(int k) => _questions.Count == 0 ? 0 : _questions.Average(q => q.Ranked.Take(k).Any(q.Relevant.Contains) ? 1.0 : 0.0);

    public double MeanReciprocalRank() => _questions.Count == 0 ? 0 : _questions.Average(q =>
    {
        var rank = q.Ranked.ToList().FindIndex(q.Relevant.Contains);
        return rank < 0 ? 0 : 1.0 / (rank + 1);
    });

    public double NdcgAt10() => _questions.Count == 0 ? 0 : _questions.Average(q =>
    {
        double Gain(string id) => Math.Pow(2, q.Grades?.GetValueOrDefault(id) ?? (q.Relevant.Contains(id) ? 1 : 0)) - 1;
        var dcg = q.Ranked.Take(10).Select((id, i) => Gain(id) / Math.Log2(i + 2)).Sum();
        var ideal = q.Relevant.Select(Gain).OrderDescending().Take(10).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    });
}
