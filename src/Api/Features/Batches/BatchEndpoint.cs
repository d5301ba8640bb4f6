using System.Text.Json;
using Folio.Api.Infrastructure;
using Mediator;

namespace Folio.Api.Features.Batches;

/// <summary>
/// One route a batch line may name: its body becomes the route's own Mediator request, checked as the route
/// checks it (plus what a batch refuses on top, such as streaming), sent through <see cref="ISender"/> (the same
/// handler, validation and errors), and its response read whole. <see cref="Needs"/> names the documents the
/// request reads, so a line whose documents are still ingesting waits for them.
/// </summary>
internal sealed class BatchEndpoint
{
    private BatchEndpoint(Func<JsonElement, JsonSerializerOptions, IMessage> read, Action<IMessage, IServiceProvider> check,
        Func<ISender, IMessage, CancellationToken, Task<object>> send, Func<IMessage, DocumentsNeeded> needs)
    {
        Read = read;
        Check = check;
        Send = send;
        Needs = needs;
    }

    /// <summary>The line's body as the route's request; throws <see cref="RequestValidationException"/> when it cannot be read, as the route would answer 400.</summary>
    public Func<JsonElement, JsonSerializerOptions, IMessage> Read { get; }

    /// <summary>Throws what the route would answer a bad request with (validation, schema), before anything runs.</summary>
    public Action<IMessage, IServiceProvider> Check { get; }

    /// <summary>Sends the request and reads the response the route would have written.</summary>
    public Func<ISender, IMessage, CancellationToken, Task<object>> Send { get; }

    /// <summary>The documents the request reads: named ones, or else a whole collection.</summary>
    public Func<IMessage, DocumentsNeeded> Needs { get; }

    /// <param name="check">What a batch refuses beyond the route's own validation (null: nothing).</param>
    public static BatchEndpoint For<TRequest>(Action<TRequest, IServiceProvider>? check, Func<ISender, TRequest, CancellationToken, Task<object>> send,
        Func<TRequest, DocumentsNeeded> needs)
        where TRequest : IMessage =>
        new(
            (body, json) =>
            {
                try
                {
                    return body.ValueKind == JsonValueKind.Object && body.Deserialize<TRequest>(json) is { } request
                        ? request
                        : throw new RequestValidationException("body", "The body must be a JSON object.");
                }
                catch (JsonException)
                {
                    throw new RequestValidationException("body", "The body is not valid JSON (or a value has the wrong type).");
                }
            },
            (request, services) =>
            {
                if (request is IValidate validated)
                {
                    RequestValidationException.ThrowIfInvalid(validated);
                }

                check?.Invoke((TRequest)request, services);
            },
            (sender, request, cancellationToken) => send(sender, (TRequest)request, cancellationToken),
            request => needs((TRequest)request));
}

/// <summary>The documents a batch line reads: the named ones when it names any, otherwise every document of <c>Collection</c> (none when it is null).</summary>
internal sealed record DocumentsNeeded(string? Collection, IReadOnlyList<string>? DocumentIds);
