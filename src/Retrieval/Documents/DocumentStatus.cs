namespace Folio.Retrieval.Documents;

/// <summary>Where a document is in its life.</summary>
public enum DocumentStatus
{
    /// <summary>Waiting for a worker (new, or retrying after a transient failure).</summary>
    Queued,
    /// <summary>A worker is running its stages.</summary>
    Processing,
    /// <summary>Parsed, chunked, embedded and indexed: searchable.</summary>
    Ready,
    /// <summary>Failed for good; <see cref="DocumentRecord.Error"/> says why. Nothing of it is indexed.</summary>
    Failed,
}
