using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Folio.Retrieval.Index;
using Folio.Retrieval.Search;
using Microsoft.Extensions.AI;

namespace Folio.Generation.Answering;

/// <summary>
/// Answers without a chat model: the answer is the sentence or table row of the retrieved chunks that
/// best supports the question, returned verbatim with its evidence. A candidate's score adds its
/// embedding similarity to the question, the share of the question's content words it contains (<see cref="ContentWords"/>),
/// a small bonus when it holds what the question asks for (a date for "when", a number for "how
/// many", a name for "who"), and a small penalty for coming from a lower-ranked chunk.
/// </summary>
public sealed partial class ExtractiveAnswerer(IEmbeddingGenerator<string, Embedding<float>> embedder, EvidenceLocator evidence)
{
    /// <summary>Candidates embedded per question: enough for the top chunks' sentences, bounded for latency.</summary>
    private const int MaxCandidates = 96;

    private const int MaxCitations = 3;

    private const double OverlapWeight = 0.6;
    private const double KindBonus = 0.1;
    private const double RankPenalty = 0.015;

    /// <summary>Below this similarity, with no content word in common, nothing supports an answer.</summary>
    private const double MinSimilarity = 0.3;

    /// <summary>The best supporting span of <paramref name="hits"/> (search results, best first) for <paramref name="question"/>.</summary>
    public async Task<Answer> AnswerAsync(string question, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken = default)
    {
        var candidates = hits
            .SelectMany((hit, rank) => evidence.Units(hit.Chunk).Where(u => ContentWords.HasWord(u.Quote)).Select(u => new Candidate(hit.Chunk, rank, u.Start, u.End, u.Quote)))
            .Take(MaxCandidates)
            .ToList();
        if (candidates.Count == 0)
        {
            return NoAnswer;
        }

        var embeddings = await embedder.GenerateAsync([question, .. candidates.Select(c => c.Quote)], cancellationToken: cancellationToken);
        var terms = ContentWords.Of(question).ToHashSet(StringComparer.Ordinal);
        var kind = Classify(question);
        var scored = candidates
            .Select((candidate, i) =>
            {
                var similarity = TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[i + 1].Vector.Span);
                var overlap = ContentWords.Share(terms, candidate.Quote);
                var score = similarity + (OverlapWeight * overlap) + (Holds(kind, candidate.Quote, terms) ? KindBonus : 0) - (RankPenalty * candidate.Rank);
                return (Candidate: candidate, Similarity: similarity, Overlap: overlap, Score: score);
            })
            .OrderByDescending(s => s.Score)
            .ToList();

        var best = scored[0];
        if (best.Similarity < MinSimilarity && best.Overlap == 0)
        {
            return NoAnswer;
        }

        var citations = scored
            .Take(MaxCitations)
            .Select(s => Citation.From(evidence.At(s.Candidate.Chunk, s.Candidate.Start, s.Candidate.End), grounded: true))
            .ToList();
        return new Answer(best.Candidate.Quote, AnswerMode.Extractive, NoAnswer: false, citations, Usage: null);
    }

    private static Answer NoAnswer { get; } = new(string.Empty, AnswerMode.Extractive, NoAnswer: true, [], Usage: null);

    private static QuestionKind Classify(string question)
    {
        var q = question.ToLowerInvariant();
        return q switch
        {
            _ when q.StartsWith("when", StringComparison.Ordinal) || q.Contains("what year", StringComparison.Ordinal)
                || q.Contains("which year", StringComparison.Ordinal) || q.Contains("what date", StringComparison.Ordinal) => QuestionKind.Date,
            _ when q.Contains("how many", StringComparison.Ordinal) || q.Contains("how much", StringComparison.Ordinal)
                || q.Contains("how long", StringComparison.Ordinal) || q.Contains("how old", StringComparison.Ordinal)
                || q.Contains("percent", StringComparison.Ordinal) || q.Contains("what number", StringComparison.Ordinal) => QuestionKind.Quantity,
            _ when q.StartsWith("who", StringComparison.Ordinal) || q.Contains(" who ", StringComparison.Ordinal) => QuestionKind.Person,
            _ => QuestionKind.Other,
        };
    }

    /// <summary>Whether <paramref name="text"/> holds the kind of thing the question asks for.</summary>
    private static bool Holds(QuestionKind kind, string text, HashSet<string> questionTerms) => kind switch
    {
        QuestionKind.Date => YearOrDatePattern().IsMatch(text),
        QuestionKind.Quantity => NumberPattern().IsMatch(text),
        // A capitalised word the question does not already name, past the sentence's first word.
        QuestionKind.Person => NamePattern().Matches(text).Any(m => m.Index > 0 && !questionTerms.Contains(ContentWords.Stem(m.Value.ToLowerInvariant()))),
        _ => false,
    };

    private enum QuestionKind
    {
        Other,
        Date,
        Quantity,
        Person,
    }

    private sealed record Candidate(IndexedChunk Chunk, int Rank, int Start, int End, string Quote);

    [GeneratedRegex(@"\b(1[0-9]{3}|20[0-9]{2})\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")]
    private static partial Regex YearOrDatePattern();

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|dozen)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+")]
    private static partial Regex NamePattern();
}
