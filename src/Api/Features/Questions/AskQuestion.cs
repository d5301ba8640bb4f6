using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Access;
using Folio.Generation.Answering;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.AI;

namespace Folio.Api.Features.Questions;

/// <summary>
/// <c>POST /v1/ask</c>: a question over a collection, answered with citations (the evidence records
/// of DESIGN.md plus <c>grounded</c>). With <c>stream: true</c> the answer comes as Server-Sent
/// Events: <c>sources</c>, then <c>delta</c> pieces of text, then <c>done</c> with the whole answer;
/// a client that disconnects cancels the work.
/// </summary>
public static class AskQuestion
{
    public const int MaxQuestionLength = 4_000;
    public const int MaxTopK = 20;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/ask", async Task<IResult> (Request request, ISender sender, CancellationToken cancellationToken) =>
            {
                var events = await sender.Send(request, cancellationToken);
                return request.Stream == true
                    ? TypedResults.ServerSentEvents(AsSse(events, cancellationToken))
                    : TypedResults.Ok(await ResponseAsync(events, cancellationToken));
            })
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(KeyScope.Read)
            .RequireRateLimiting(AccessServiceCollectionExtensions.GenerationPolicy)
            .WithName("Ask").WithSummary("Answer a question over a collection, with citations").WithTags("Questions");

    /// <summary>The question; <c>collection</c> defaults to the key's only collection, else <c>default</c>; <c>topK</c> (chunks drawn on) to 5.</summary>
    public sealed record Request(string? Question, string? Collection, IReadOnlyList<string>? DocumentIds, IReadOnlyDictionary<string, string>? Tags, int? TopK, bool? Stream)
        : IQuery<IAsyncEnumerable<AnswerEvent>>, IValidate
    {
        /// <summary>Earlier turns of a conversation, set by <c>/v1/chat/completions</c>; not part of <c>/v1/ask</c>'s body.</summary>
        [JsonIgnore]
        public IReadOnlyList<ChatMessage>? Conversation { get; init; }

        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (string.IsNullOrWhiteSpace(Question))
            {
                yield return ("question", "question must not be empty.");
            }
            else if (Question.Length > MaxQuestionLength)
            {
                yield return ("question", $"question is at most {MaxQuestionLength} characters.");
            }

            if (TopK is < 1 or > MaxTopK)
            {
                yield return ("topK", $"topK is between 1 and {MaxTopK}.");
            }

            foreach (var error in InputRules.ValidateFilter(Collection, DocumentIds, Tags))
            {
                yield return error;
            }
        }
    }

    /// <summary>The answer: <c>noAnswer</c> is true when no source supports one; <c>usage</c> is absent in extractive mode.</summary>
    public sealed record Response(string Answer, AnswerMode Mode, bool NoAnswer, IReadOnlyList<Citation> Citations, AnswerUsage? Usage)
    {
        public static Response From(Answer answer) => new(answer.Text, answer.Mode, answer.NoAnswer, answer.Citations, answer.Usage);
    }

    public sealed class Handler(VisibleDocuments documents, ICollectionAccess access, QuestionAnswering answering, Caller caller, AuditLog audit) : IQueryHandler<Request, IAsyncEnumerable<AnswerEvent>>
    {
        public async ValueTask<IAsyncEnumerable<AnswerEvent>> Handle(Request request, CancellationToken cancellationToken)
        {
            var collection = access.Resolve(request.Collection);
            // Checked before anything streams, so an unknown name is a 404 rather than an empty answer.
            var any = await documents.ListAsync(new DocumentQuery(collection, null, null, null, 1), cancellationToken);
            if (any.Documents.Count == 0)
            {
                throw new NotFoundException($"Collection '{collection}'");
            }

            foreach (var id in request.DocumentIds ?? [])
            {
                if (await documents.GetAsync(id, cancellationToken) is not { } document || document.Collection != collection)
                {
                    throw new NotFoundException($"Document '{id}' in collection '{collection}'");
                }
            }

            await audit.RecordAsync(caller, AuditLog.Ask, collection, request.DocumentIds is [var only] ? only : null);
            var filter = new ChunkFilter(collection, request.DocumentIds, request.Tags);
            return answering.StreamAsync(new Question(request.Question!, filter, request.TopK ?? QuestionAnswering.DefaultTopK, request.Conversation), cancellationToken);
        }
    }

    /// <summary>Reads an answer stream to its end: the non-streamed response (the route's and a batch line's).</summary>
    public static async Task<Response> ResponseAsync(IAsyncEnumerable<AnswerEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var step in events.WithCancellation(cancellationToken))
        {
            if (step is AnswerDone done)
            {
                return Response.From(done.Answer);
            }
        }

        throw new InvalidOperationException("An answer stream ended without its answer.");
    }

    private static async IAsyncEnumerable<SseItem<object>> AsSse(IAsyncEnumerable<AnswerEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var step in events.WithCancellation(cancellationToken))
        {
            yield return step switch
            {
                AnswerSources sources => new SseItem<object>(new { sources = sources.Sources }, "sources"),
                AnswerDelta delta => new SseItem<object>(new { text = delta.Text }, "delta"),
                AnswerDone done => new SseItem<object>(Response.From(done.Answer), "done"),
                _ => throw new InvalidOperationException($"Unknown answer event {step.GetType().Name}."),
            };
        }
    }
}
