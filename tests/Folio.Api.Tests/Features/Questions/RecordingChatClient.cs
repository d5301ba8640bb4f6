using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Folio.Api.Tests.Features.Questions;

/// <summary>
/// Passes chat requests to <paramref name="inner"/> and records them: the messages of each request, how many
/// updates were streamed, and how the last stream ended (cancelled or not).
/// </summary>
internal sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly TaskCompletionSource<bool> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _updates;

    public ConcurrentQueue<IReadOnlyList<ChatMessage>> Requests { get; } = new();

    public int Updates => Volatile.Read(ref _updates);

    /// <summary>Completes when a stream ends, with whether its caller had cancelled it.</summary>
    public Task<bool> Ended => _ended.Task;

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Enqueue(list);
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                Interlocked.Increment(ref _updates);
                yield return update;
            }
        }
        finally
        {
            _ended.TrySetResult(cancellationToken.IsCancellationRequested);
        }
    }
}

/// <summary>A chat model that streams the same scripted pieces for every request.</summary>
internal sealed class ScriptedChatClient(params string[] pieces) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(pieces))));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var piece in pieces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
