namespace Folio.Generation.Chat;

/// <summary>
/// The chat backend cannot answer: its model folder is missing or broken, its server cannot be reached, refused the
/// request, or did not answer within <see cref="GenerationOptions.Timeout"/>. The API answers 503
/// <c>dependency_unavailable</c>. The message is written for operators and names no secret.
/// </summary>
public sealed class ChatBackendUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChatBackendUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChatBackendUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error behind it.</summary>
    public ChatBackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
