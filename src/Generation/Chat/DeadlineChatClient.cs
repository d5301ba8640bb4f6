using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly.Timeout;

namespace Folio.Generation.Chat;

/// <summary>
/// Gives each request a deadline, the streamed answer included, and turns every way a backend fails to answer
/// (deadline passed, connection refused, an error status after the retries) into
/// <see cref="ChatBackendUnavailableException"/>. The caller's own cancellation stays an
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class DeadlineChatClient(IChatClient innerClient, TimeSpan deadline) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            return await base.GetResponseAsync(messages, options, timeout.Token);
        }
        catch (Exception e) when (Unavailable(e, timeout.Token, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        await using var updates = base.GetStreamingResponseAsync(messages, options, timeout.Token).GetAsyncEnumerator(timeout.Token);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception e) when (Unavailable(e, timeout.Token, cancellationToken) is { } unavailable)
            {
                throw unavailable;
            }

            yield return updates.Current;
        }
    }

    private ChatBackendUnavailableException? Unavailable(Exception exception, CancellationToken deadlineToken, CancellationToken callerToken) => exception switch
    {
        ChatBackendUnavailableException => null,
        OperationCanceledException when deadlineToken.IsCancellationRequested && !callerToken.IsCancellationRequested => new($"The chat backend did not answer within {deadline}.", exception),
        TimeoutRejectedException => new($"The chat backend did not answer within {deadline}.", exception),
        ClientResultException { Status: 0 } or HttpRequestException => new("The chat backend cannot be reached.", exception),
        ClientResultException e => new($"The chat backend answered HTTP {e.Status}.", exception),
        _ => null,
    };
}
