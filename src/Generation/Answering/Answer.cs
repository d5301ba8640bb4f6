using Folio.Extraction;
using Folio.Retrieval.Search;

namespace Folio.Generation.Answering;

/// <summary>How an answer was made: by a chat model, or by picking the best supporting span (no model configured).</summary>
public enum AnswerMode
{
    /// <summary>The best supporting sentence or table row, verbatim.</summary>
    Extractive,

    /// <summary>Written by the configured chat model from numbered sources.</summary>
    Generative,
}

/// <summary>An answer to a question over a collection, with the evidence it rests on.</summary>
/// <param name="Text">The answer; empty when <paramref name="NoAnswer"/>.</param>
/// <param name="Mode">How it was made.</param>
/// <param name="NoAnswer">True when no source supports an answer: Folio says so rather than guess.</param>
/// <param name="Citations">The evidence, in the order the answer cites it (<c>[1]</c> is the first).</param>
/// <param name="Usage">Tokens the chat model read and wrote; null in extractive mode.</param>
public sealed record Answer(string Text, AnswerMode Mode, bool NoAnswer, IReadOnlyList<Citation> Citations, AnswerUsage? Usage);

/// <summary>Tokens a chat model read and wrote for one answer.</summary>
public sealed record AnswerUsage(long InputTokens, long OutputTokens);

/// <summary>
/// The evidence record (DESIGN.md) of one cited source, plus whether the answer's text that cites it
/// is actually supported by it (<see cref="Grounded"/>).
/// </summary>
public sealed record Citation(
    string DocumentId, string FileName, int Page, string ChunkId, int Start, int End, string Quote, string Match, BoundingBox? Bbox, bool Grounded)
{
    /// <summary>The citation of <paramref name="evidence"/>.</summary>
    public static Citation From(Evidence evidence, bool grounded) =>
        new(evidence.DocumentId, evidence.FileName, evidence.Page, evidence.ChunkId, evidence.Start, evidence.End, evidence.Quote, evidence.Match, evidence.Bbox, grounded);
}
