namespace Folio.Retrieval.Index;

/// <summary>The index's server (Qdrant) cannot be reached or did not answer in time; the API answers 503 <c>dependency_unavailable</c>.</summary>
public sealed class ChunkIndexUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChunkIndexUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChunkIndexUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the transport error behind it.</summary>
    public ChunkIndexUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
