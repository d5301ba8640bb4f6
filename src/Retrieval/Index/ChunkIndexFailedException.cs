namespace Folio.Retrieval.Index;

/// <summary>
/// The index's server (Qdrant) answered a call with an error other than being unavailable (a refused
/// request, an internal error); the API answers 502 <c>dependency_failed</c>, and ingestion retries.
/// </summary>
public sealed class ChunkIndexFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChunkIndexFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChunkIndexFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the server's error behind it.</summary>
    public ChunkIndexFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
