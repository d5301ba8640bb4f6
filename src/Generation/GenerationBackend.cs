using Folio.Generation.Chat;
using Microsoft.Extensions.AI;

namespace Folio.Generation;

/// <summary>
/// The chat backend this process runs: the client to ask (none when answers are extractive) and its status for
/// readiness and logs. Answering, structured extraction and the Semantic Kernel plugin take this rather than an
/// <see cref="IChatClient"/>, so they can tell whether to answer generatively.
/// </summary>
public sealed class GenerationBackend
{
    /// <summary>Creates the backend from its status and its client (null exactly when the backend is <see cref="ChatBackend.None"/>).</summary>
    public GenerationBackend(ChatBackendStatus status, IChatClient? chatClient)
    {
        ArgumentNullException.ThrowIfNull(status);
        if ((status.Backend == ChatBackend.None) != (chatClient is null))
        {
            throw new ArgumentException("A chat client is given exactly when the backend is not None.", nameof(chatClient));
        }

        Status = status;
        ChatClient = chatClient;
    }

    /// <summary>
    /// Whether answers are generative: a chat backend is configured (even one that cannot answer now: that is
    /// reported as 503, not hidden by answering extractively). False means extractive answers.
    /// </summary>
    public bool IsGenerative => ChatClient is not null;

    /// <summary>
    /// The chat client: the configured backend behind Folio's pipeline (default <see cref="GenerationOptions.MaxOutputTokens"/>,
    /// OpenTelemetry, the deadline). It throws <see cref="ChatBackendUnavailableException"/> when the backend cannot answer.
    /// Null when answers are extractive.
    /// </summary>
    public IChatClient? ChatClient { get; }

    /// <summary>The backend, model, device and context window, or why it cannot answer.</summary>
    public ChatBackendStatus Status { get; }
}
