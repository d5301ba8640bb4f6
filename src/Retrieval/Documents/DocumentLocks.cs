namespace Folio.Retrieval.Documents;

/// <summary>
/// One lock per document id (striped: ids share one of a fixed set of locks, so nothing grows with the
/// number of documents). Upload, delete, the start-up sweep and the index stage take it around what must
/// not interleave on the same <c>documents/{id}</c> folder and row: a delete cannot remove the file of a
/// re-upload adopted a moment before, and no index batch lands after a delete has answered. Not reentrant.
/// </summary>
public sealed class DocumentLocks : IDisposable
{
    private const int Stripes = 256;
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Waits for the document's lock; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var stripe = _locks[(int)((uint)StringComparer.Ordinal.GetHashCode(documentId) % Stripes)];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var stripe in _locks)
        {
            stripe.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
