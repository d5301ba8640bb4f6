using System.Runtime.CompilerServices;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Folio.Retrieval.Search;
using Microsoft.Extensions.AI;

namespace Folio.Generation.Answering;

/// <summary>A question over a collection, narrowed by <see cref="Filter"/>, answered from its <see cref="TopK"/> best chunks.</summary>
/// <param name="Text">The question; it alone is searched for.</param>
/// <param name="Filter">Which chunks may answer.</param>
/// <param name="TopK">How many of the best chunks the answer draws on.</param>
/// <param name="Conversation">
/// Earlier turns of a conversation (user and assistant messages, oldest first), or null. A generative answer's prompt
/// carries them before the sources, so a follow-up reads in context; an extractive answer does not use them.
/// </param>
public sealed record Question(string Text, ChunkFilter Filter, int TopK, IReadOnlyList<ChatMessage>? Conversation = null);

/// <summary>What an answer in progress reports: the sources first, then text as it is written, then the whole answer.</summary>
public abstract record AnswerEvent;

/// <summary>The retrieved sources, numbered from 1 in this order.</summary>
public sealed record AnswerSources(IReadOnlyList<Evidence> Sources) : AnswerEvent;

/// <summary>A piece of the answer's text.</summary>
public sealed record AnswerDelta(string Text) : AnswerEvent;

/// <summary>The finished answer with its citations and usage.</summary>
public sealed record AnswerDone(Answer Answer) : AnswerEvent;

/// <summary>
/// Answers questions over a collection: hybrid search for the sources, then an answer from them,
/// written by the chat model when one is configured, else the best supporting span (extractive).
/// Online and streaming callers share one path: <see cref="StreamAsync"/> yields the events and
/// <see cref="AskAsync"/> waits for the last. A question answered before over the same content is
/// replayed from the <see cref="AnswerCache"/> as the same events.
/// </summary>
public sealed class QuestionAnswering(
    ChunkSearch search, ExtractiveAnswerer extractive, GenerativeAnswerer generative, GenerationBackend backend, DocumentService documents, AnswerCache cache)
{
    /// <summary>How many chunks an answer draws on when the caller does not say.</summary>
    public const int DefaultTopK = 5;

    /// <summary>The finished answer to <paramref name="question"/>.</summary>
    public async Task<Answer> AskAsync(Question question, CancellationToken cancellationToken = default)
    {
        await foreach (var step in StreamAsync(question, cancellationToken))
        {
            if (step is AnswerDone done)
            {
                return done.Answer;
            }
        }

        throw new InvalidOperationException("An answer stream ended without its answer.");
    }

    /// <summary>The events of answering <paramref name="question"/>: sources, text deltas, then the answer.</summary>
    public async IAsyncEnumerable<AnswerEvent> StreamAsync(Question question, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Read before searching: a change that lands meanwhile moves the version, so what this search saw is
        // stored under a version no later question reads.
        var mode = backend.IsGenerative ? AnswerMode.Generative : AnswerMode.Extractive;
        var key = AnswerCacheKey.For(question, mode, backend, documents.ContentVersion(question.Filter.Collection));
        if (cache.TryGet(key, out var cached))
        {
            foreach (var step in cached)
            {
                yield return step;
            }

            yield break;
        }

        // Only an answer that ran to its end is kept: not one that failed or whose caller went away. It is kept
        // before the last event goes out, as a caller that has its answer stops reading there.
        var events = new List<AnswerEvent>();
        await foreach (var step in AnswerAsync(question, cancellationToken))
        {
            events.Add(step);
            if (step is AnswerDone)
            {
                cache.Add(key, events);
            }

            yield return step;
        }
    }

    private async IAsyncEnumerable<AnswerEvent> AnswerAsync(Question question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var hits = await search.SearchAsync(question.Text, question.Filter, question.TopK, SearchMode.Hybrid, cancellationToken);
        yield return new AnswerSources(hits.Select(h => h.Evidence).ToList());
        if (backend.IsGenerative)
        {
            await foreach (var step in generative.AnswerAsync(question.Text, hits, question.Conversation, cancellationToken))
            {
                yield return step;
            }

            yield break;
        }

        var answer = await extractive.AnswerAsync(question.Text, hits, cancellationToken);
        if (!answer.NoAnswer)
        {
            yield return new AnswerDelta(answer.Text);
        }

        yield return new AnswerDone(answer);
    }
}
