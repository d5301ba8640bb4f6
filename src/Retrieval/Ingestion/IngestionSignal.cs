namespace Folio.Retrieval.Ingestion;

/// <summary>Wakes idle ingestion workers when work is queued, so a new upload starts at once rather than at the next poll.</summary>
public sealed class IngestionSignal : IDisposable
{
    private readonly SemaphoreSlim _work = new(0, int.MaxValue);

    /// <summary>Says that documents were queued.</summary>
    public void Notify(int documents = 1) => _work.Release(Math.Max(documents, 1));

    /// <summary>Waits for a notification or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _work.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _work.Dispose();
}
