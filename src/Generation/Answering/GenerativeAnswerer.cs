using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Folio.Extraction;
using Folio.Retrieval.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Folio.Generation.Answering;

/// <summary>
/// Answers with the configured chat model: the retrieved chunks become numbered, delimited sources
/// (as many as fit the model's context beside the answer), the model writes a short answer citing
/// them as <c>[n]</c>, and each marker becomes a citation whose evidence is the source sentence that
/// best matches the citing sentence. A citation is <c>grounded</c> when most of the citing sentence's
/// content words occur in its source; ungrounded citations are counted and logged (output monitoring).
/// </summary>
public sealed partial class GenerativeAnswerer(GenerationBackend backend, EvidenceLocator evidence, ILogger<GenerativeAnswerer> logger)
{
    /// <summary>What the model answers when its sources do not hold the answer (the prompt asks for exactly this).</summary>
    public const string NoAnswerReply = "NO_ANSWER";

    /// <summary>A citing sentence is grounded when at least this share of its content words occurs in the cited source.</summary>
    private const double GroundedShare = 0.5;

    /// <summary>Context assumed when the backend does not say (an OpenAI-compatible server): small, so prompts fit any model.</summary>
    private const int DefaultContextTokens = 4_096;

    private static readonly string SystemPrompt = Prompt("answer.md");
    private static readonly Meter Meter = new("Folio.Generation");
    private static readonly Counter<long> Citations = Meter.CreateCounter<long>("folio.answer.citations", description: "Citations of generative answers, by grounded");
    private static readonly Counter<long> UngroundedAnswers = Meter.CreateCounter<long>("folio.answer.ungrounded", description: "Generative answers with an ungrounded citation or none");

    /// <summary>
    /// The answer events for <paramref name="question"/> from <paramref name="hits"/>: the answer's text as the model writes it, then the answer.
    /// The <paramref name="conversation"/>'s user and assistant turns, if any, come between the instructions and the sources; its
    /// system messages are left out, as the instructions here are the ones the answer must follow.
    /// </summary>
    public async IAsyncEnumerable<AnswerEvent> AnswerAsync(
        string question, IReadOnlyList<SearchHit> hits, IReadOnlyList<ChatMessage>? conversation = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chat = backend.ChatClient ?? throw new InvalidOperationException("No chat backend is configured: answers are extractive.");
        if (hits.Count == 0)
        {
            yield return new AnswerDone(new Answer(string.Empty, AnswerMode.Generative, NoAnswer: true, [], Usage: null));
            yield break;
        }

        var turns = (conversation ?? []).Where(m => m.Role == ChatRole.User || m.Role == ChatRole.Assistant).Select(m => new ChatMessage(m.Role, m.Text)).ToList();
        var sources = WithinBudget(chat, hits, turns);
        List<ChatMessage> messages = [new(ChatRole.System, SystemPrompt), .. turns, new(ChatRole.User, UserMessage(question, sources))];
        var text = new StringBuilder();
        var shown = string.Empty;
        UsageDetails? usage = null;
        await foreach (var update in chat.GetStreamingResponseAsync(messages, new ChatOptions { Temperature = 0 }, cancellationToken))
        {
            usage = update.Contents.OfType<UsageContent>().Select(u => u.Details).LastOrDefault() ?? usage;
            text.Append(update.Text);
            // Hold back what may still become NO_ANSWER, so a client never sees it as text.
            if (NoAnswerReply.StartsWith(text.ToString().TrimStart(), StringComparison.Ordinal))
            {
                continue;
            }

            // The text is shown as the answer will read, markers renumbered, so the deltas join to the answer's text:
            // what may still grow into a marker (or the space before one that is dropped) waits for the next piece.
            var settled = Renumber(UnsettledTail().Replace(text.ToString(), string.Empty, 1).TrimStart(), sources.Count);
            if (settled.Length > shown.Length && settled.StartsWith(shown, StringComparison.Ordinal))
            {
                yield return new AnswerDelta(settled[shown.Length..]);
                shown = settled;
            }
        }

        var answerUsage = usage is null ? null : new AnswerUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0);
        var written = text.ToString().Trim();
        if (written.Length == 0 || written.StartsWith(NoAnswerReply, StringComparison.Ordinal))
        {
            yield return new AnswerDone(new Answer(string.Empty, AnswerMode.Generative, NoAnswer: true, [], answerUsage));
            yield break;
        }

        var (answer, citations) = Cite(written, sources);
        if (answer.Length > shown.Length && answer.StartsWith(shown, StringComparison.Ordinal))
        {
            yield return new AnswerDelta(answer[shown.Length..]);
        }

        var grounded = citations.Count(c => c.Grounded);
        Citations.Add(grounded, new KeyValuePair<string, object?>("grounded", true));
        Citations.Add(citations.Count - grounded, new KeyValuePair<string, object?>("grounded", false));
        if (citations.Count == 0 || grounded < citations.Count)
        {
            UngroundedAnswers.Add(1);
            Log.UngroundedAnswer(logger, citations.Count - grounded, citations.Count);
        }

        yield return new AnswerDone(new Answer(answer, AnswerMode.Generative, NoAnswer: false, citations, answerUsage));
    }

    /// <summary>
    /// Renumbers the answer's markers in order of first use (so <c>[1]</c> is the first citation), drops markers
    /// that name no source, and builds each citation from the sentences that cite it.
    /// </summary>
    private (string Answer, List<Citation> Citations) Cite(string written, IReadOnlyList<SearchHit> sources)
    {
        var order = new List<int>();
        var citingText = new Dictionary<int, StringBuilder>();
        foreach (Match sentence in SentencePattern().Matches(written))
        {
            foreach (Match marker in MarkerPattern().Matches(sentence.Value))
            {
                var source = int.Parse(marker.Groups[2].ValueSpan, provider: null);
                if (source < 1 || source > sources.Count)
                {
                    continue;
                }

                if (!citingText.TryGetValue(source, out var citing))
                {
                    order.Add(source);
                    citingText[source] = citing = new StringBuilder();
                }

                citing.Append(MarkerPattern().Replace(sentence.Value, string.Empty)).Append(' ');
            }
        }

        var answer = Renumber(written, sources.Count);
        var citations = order.Select(source =>
        {
            var hit = sources[source - 1];
            var claim = citingText[source].ToString();
            var terms = ContentWords.Of(claim).ToHashSet(StringComparer.Ordinal);
            return Citation.From(evidence.Locate(hit.Chunk, claim), ContentWords.Share(terms, hit.Chunk.Text) >= GroundedShare);
        }).ToList();
        return (answer, citations);
    }

    /// <summary>
    /// <paramref name="text"/> with its markers numbered in order of first use and those naming no source (of
    /// <paramref name="sources"/>) dropped with the space before them. Markers are numbered as <see cref="Cite"/> orders its
    /// citations (sentences in order, markers in order within each), so the text's <c>[n]</c> is the n-th citation.
    /// </summary>
    private static string Renumber(string text, int sources)
    {
        var order = new List<int>();
        return MarkerPattern().Replace(text, marker =>
        {
            var source = int.Parse(marker.Groups[2].ValueSpan, provider: null);
            if (source < 1 || source > sources)
            {
                return string.Empty;
            }

            if (!order.Contains(source))
            {
                order.Add(source);
            }

            return $"{marker.Groups[1].Value}[{order.IndexOf(source) + 1}]";
        });
    }

    /// <summary>The best hits whose text fits the model's context beside the prompt and the answer, counted in its own tokens where it can count them.</summary>
    private IReadOnlyList<SearchHit> WithinBudget(IChatClient chat, IReadOnlyList<SearchHit> hits, IReadOnlyList<ChatMessage> turns)
    {
        var counter = chat.GetService<ITokenCounter>();
        int Count(string text) => counter?.CountTokens(text) ?? (text.Length / 3) + 1;
        var context = backend.Status.ContextTokens ?? DefaultContextTokens;
        var budget = context - Count(SystemPrompt) - turns.Sum(t => Count(t.Text) + 8) - AnswerReserve(context) - 64;
        var chosen = new List<SearchHit>();
        foreach (var hit in hits)
        {
            budget -= Count(hit.Chunk.Text) + 16;
            if (budget < 0)
            {
                break;
            }

            chosen.Add(hit);
        }

        // A model too small for even one whole source still gets the best one; the backend reports an overlong prompt.
        return chosen.Count > 0 ? chosen : [hits[0]];
    }

    // A quarter of the context, at most 1,024 tokens, is kept for the answer.
    private static int AnswerReserve(int context) => Math.Min(context / 4, 1_024);

    private static string UserMessage(string question, IReadOnlyList<SearchHit> sources)
    {
        var message = new StringBuilder("<sources>\n");
        for (var i = 0; i < sources.Count; i++)
        {
            var chunk = sources[i].Chunk;
            // The document's text cannot close the source early: tag-like text inside it is defused.
            var text = chunk.Text.Replace("<source", "‹source", StringComparison.OrdinalIgnoreCase)
                .Replace("</source", "‹/source", StringComparison.OrdinalIgnoreCase)
                .Replace("</sources", "‹/sources", StringComparison.OrdinalIgnoreCase);
            message.Append($"<source id=\"{i + 1}\" file=\"{chunk.FileName}\" page=\"{chunk.Page}\">\n{text}\n</source>\n");
        }

        return message.Append("</sources>\n\nQuestion: ").Append(question).ToString();
    }

    private static string Prompt(string name)
    {
        using var stream = typeof(GenerativeAnswerer).Assembly.GetManifestResourceStream("Folio.Generation.Prompts." + name)
            ?? throw new InvalidOperationException($"The prompt {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    }

    // A citation marker such as [1] with the space before it (dropped with an unknown marker).
    [GeneratedRegex(@"(\s*)\[(\d{1,3})\]")]
    private static partial Regex MarkerPattern();

    // The end of streamed text that may still change: trailing space, with a marker begun after it ("[", "[1").
    [GeneratedRegex(@"\s*(?:\[\d{0,3})?\z")]
    private static partial Regex UnsettledTail();

    // A sentence runs to ., ! or ? followed by whitespace (markers after the stop belong to it), or to the end.
    [GeneratedRegex(@"\S[\s\S]*?(?:[.!?](?:\s*\[\d{1,3}\])*(?=\s|$)|$)")]
    private static partial Regex SentencePattern();
}
