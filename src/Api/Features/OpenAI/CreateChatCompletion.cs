using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Api.Features.Questions;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Generation.Answering;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Folio.Api.Features.OpenAI;

/// <summary>
/// <c>POST /v1/chat/completions</c>, as OpenAI's, answering over a collection with <c>/v1/ask</c>'s machinery (the
/// request is sent on as an <see cref="AskQuestion.Request"/>, so the same rules apply). <c>model</c> is <c>folio</c>
/// (the caller's collection, as a request to <c>/v1/ask</c> naming none) or <c>folio:&lt;collection&gt;</c>; the last message is the user's question, and the
/// earlier user and assistant messages are the conversation, which a generative answer's prompt carries (extractive
/// answers and retrieval use the question alone; system messages are not passed on). The answer cites its sources as
/// <c>[n]</c> markers; <c>message.citations</c> (an extension field) holds the n-th source's evidence record as
/// <c>/v1/ask</c> returns it. With <c>stream: true</c> the answer comes as OpenAI's <c>chat.completion.chunk</c>
/// events: the role, then the text, then a last chunk whose <c>delta.citations</c> holds the citations and whose
/// <c>finish_reason</c> is <c>stop</c>, then usage when <c>stream_options.include_usage</c>, then <c>data: [DONE]</c>.
/// </summary>
public static class CreateChatCompletion
{
    /// <summary>The answer's text when the collection holds none: said in words, as a chat client shows text.</summary>
    public const string NoAnswerText = "The documents do not answer this question.";

    private const string ModelPrefix = ListModels.ChatModel + ":";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/chat/completions", async Task<IResult> (Request request, ISender sender, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken) =>
            {
                var events = await sender.Send(request, cancellationToken);
                if (request.Stream != true)
                {
                    return TypedResults.Ok(await CompletionAsync(events, request.Model!, cancellationToken));
                }

                var chunks = Chunks(events, NewId(), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request.Model!, request.StreamOptions?.IncludeUsage == true, cancellationToken);
                return TypedResults.ServerSentEvents(chunks.Select(c => c is null ? "[DONE]" : JsonSerializer.Serialize(c, json.Value.SerializerOptions)));
            })
            .Produces<Completion>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(KeyScope.Read)
            .RequireRateLimiting(AccessServiceCollectionExtensions.GenerationPolicy)
            .WithName("CreateChatCompletion").WithSummary("Answer the last user message over a collection, with citations (OpenAI-compatible)").WithTags("OpenAI");

    /// <summary>
    /// OpenAI's chat request; of its options only <c>stream</c>, <c>stream_options.include_usage</c> and <c>n</c> (1 only)
    /// are read, the others (temperature, max_tokens, …) are accepted and ignored: answers are written at temperature 0.
    /// </summary>
    public sealed record Request(
        string? Model,
        IReadOnlyList<InputMessage>? Messages,
        bool? Stream,
        [property: JsonPropertyName("stream_options")] StreamOptions? StreamOptions,
        int? N) : IQuery<IAsyncEnumerable<AnswerEvent>>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
            {
                yield return ("model", $"model is required: {ListModels.ChatModel} or {ModelPrefix}<collection>.");
            }

            if (N is not (null or 1))
            {
                yield return ("n", "n is 1: one answer per question.");
            }

            if (Messages is not { Count: > 0 })
            {
                yield return ("messages", "messages must end with the user's question.");
                yield break;
            }

            for (var i = 0; i < Messages.Count; i++)
            {
                if (Messages[i].Role is not ("system" or "developer" or "user" or "assistant" or "tool"))
                {
                    yield return ($"messages[{i}].role", "role is system, developer, user, assistant or tool.");
                }
                else if (Messages[i].Text() is null)
                {
                    yield return ($"messages[{i}].content", "content is a string or an array of text parts.");
                }
            }

            var last = Messages[^1];
            if (last.Role != "user" || string.IsNullOrWhiteSpace(last.Text()))
            {
                yield return ("messages", "The last message must be the user's question, with text.");
            }
            else if (last.Text()!.Length > AskQuestion.MaxQuestionLength)
            {
                yield return ($"messages[{Messages.Count - 1}].content", $"The question is at most {AskQuestion.MaxQuestionLength} characters.");
            }
        }
    }

    /// <summary>A message in; <c>content</c> is a string or an array of parts, of which only <c>text</c> parts are accepted.</summary>
    public sealed record InputMessage(string? Role, JsonElement Content)
    {
        /// <summary>The message's text, or null when its content is neither a string nor text parts (an image, audio).</summary>
        internal string? Text() => Content.ValueKind switch
        {
            JsonValueKind.String => Content.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
            JsonValueKind.Array when Content.EnumerateArray().All(IsTextPart) => string.Concat(Content.EnumerateArray().Select(p => p.GetProperty("text").GetString())),
            _ => null,
        };

        private static bool IsTextPart(JsonElement part) =>
            part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
            && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String;
    }

    public sealed record StreamOptions([property: JsonPropertyName("include_usage")] bool? IncludeUsage);

    /// <summary>A non-streamed completion, as OpenAI's <c>chat.completion</c>.</summary>
    public sealed record Completion(string Id, string Object, long Created, string Model, IReadOnlyList<Choice> Choices, Usage Usage);

    public sealed record Choice(int Index, Message Message, [property: JsonPropertyName("finish_reason")] string FinishReason);

    /// <summary>The answer; <c>citations</c> (Folio's extension) holds the evidence of each <c>[n]</c> marker, n-th first.</summary>
    public sealed record Message(string Role, string Content, IReadOnlyList<Citation> Citations);

    /// <summary>Tokens the chat model read and wrote; zero for an extractive answer, which runs no chat model.</summary>
    public sealed record Usage(
        [property: JsonPropertyName("prompt_tokens")] long PromptTokens,
        [property: JsonPropertyName("completion_tokens")] long CompletionTokens,
        [property: JsonPropertyName("total_tokens")] long TotalTokens);

    /// <summary>A streamed piece, as OpenAI's <c>chat.completion.chunk</c>; <c>usage</c> only on the last, when asked for.</summary>
    public sealed record Chunk(string Id, string Object, long Created, string Model, IReadOnlyList<ChunkChoice> Choices, Usage? Usage);

    public sealed record ChunkChoice(
        int Index,
        Delta Delta,
        [property: JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FinishReason);

    /// <summary>What a chunk adds: the role (first chunk), text, or the citations (last chunk, Folio's extension).</summary>
    public sealed record Delta(string? Role, string? Content, IReadOnlyList<Citation>? Citations);

    public sealed class Handler(ISender sender, IOptions<OpenAICompatibleOptions> options) : IQueryHandler<Request, IAsyncEnumerable<AnswerEvent>>
    {
        public async ValueTask<IAsyncEnumerable<AnswerEvent>> Handle(Request request, CancellationToken cancellationToken)
        {
            // Plain "folio" names no collection, so /v1/ask's rule picks it: `default`, or a key's only collection.
            var collection = request.Model == ListModels.ChatModel ? null
                : CollectionOf(request.Model) ?? throw new ModelNotFoundException(request.Model!);

            var messages = request.Messages!;
            var limits = options.Value;
            if (messages.Count > limits.MaxChatMessages)
            {
                throw new RequestValidationException("messages", $"At most {limits.MaxChatMessages} messages.");
            }

            var conversation = messages.SkipLast(1)
                .Where(m => m.Role is "user" or "assistant")
                .Select(m => new ChatMessage(m.Role == "user" ? ChatRole.User : ChatRole.Assistant, m.Text()))
                .ToList();
            if (conversation.Sum(m => m.Text.Length) > limits.MaxContextCharacters)
            {
                throw new RequestValidationException("messages", $"The messages before the question hold at most {limits.MaxContextCharacters} characters.");
            }

            var ask = new AskQuestion.Request(messages[^1].Text(), collection, null, null, null, request.Stream) { Conversation = conversation };
            return await sender.Send(ask, cancellationToken);
        }
    }

    /// <summary>The collection a <c>folio:&lt;collection&gt;</c> model names; null for any other name.</summary>
    public static string? CollectionOf(string? model) =>
        model is not null && model.StartsWith(ModelPrefix, StringComparison.Ordinal) && InputRules.IsCollection(model[ModelPrefix.Length..]) ? model[ModelPrefix.Length..] : null;

    /// <summary>The completion (not streamed) that <paramref name="events"/>, the handler's answer, end in; for the endpoint and for batches.</summary>
    public static async Task<Completion> CompletionAsync(IAsyncEnumerable<AnswerEvent> events, string model, CancellationToken cancellationToken)
    {
        await foreach (var step in events.WithCancellation(cancellationToken))
        {
            if (step is AnswerDone done)
            {
                var message = new Message("assistant", ContentOf(done.Answer), done.Answer.Citations);
                return new Completion(NewId(), "chat.completion", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model, [new Choice(0, message, "stop")], UsageOf(done.Answer));
            }
        }

        throw new InvalidOperationException("An answer stream ended without its answer.");
    }

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    /// <summary>The answer's text as a chat client shows it: with its <c>[n]</c> markers (an extractive answer is one quote, <c>[1]</c>).</summary>
    private static string ContentOf(Answer answer) =>
        answer.NoAnswer ? NoAnswerText : answer.Mode == AnswerMode.Extractive ? $"{answer.Text} [1]" : answer.Text;

    private static Usage UsageOf(Answer answer) =>
        new(answer.Usage?.InputTokens ?? 0, answer.Usage?.OutputTokens ?? 0, (answer.Usage?.InputTokens ?? 0) + (answer.Usage?.OutputTokens ?? 0));

    /// <summary>The stream's chunks, then null for <c>[DONE]</c>.</summary>
    private static async IAsyncEnumerable<Chunk?> Chunks(
        IAsyncEnumerable<AnswerEvent> events, string id, long created, string model, bool includeUsage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Chunk Of(Delta delta, string? finishReason = null) => new(id, "chat.completion.chunk", created, model, [new ChunkChoice(0, delta, finishReason)], null);

        yield return Of(new Delta("assistant", string.Empty, null));
        var sent = new StringBuilder();
        await foreach (var step in events.WithCancellation(cancellationToken))
        {
            if (step is AnswerDelta delta)
            {
                sent.Append(delta.Text);
                yield return Of(new Delta(null, delta.Text, null));
            }
            else if (step is AnswerDone done)
            {
                // What the deltas have not said yet: an extractive answer's marker, or the no-answer sentence.
                var content = ContentOf(done.Answer);
                if (content.Length > sent.Length && content.StartsWith(sent.ToString(), StringComparison.Ordinal))
                {
                    yield return Of(new Delta(null, content[sent.Length..], null));
                }

                yield return Of(new Delta(null, null, done.Answer.Citations), "stop");
                if (includeUsage)
                {
                    yield return new Chunk(id, "chat.completion.chunk", created, model, [], UsageOf(done.Answer));
                }
            }
        }

        yield return null;
    }
}
