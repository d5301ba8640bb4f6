using System.Collections.Concurrent;
using Folio.Retrieval.Index;
using Microsoft.Extensions.Logging;

namespace Folio.Retrieval.Documents;

/// <summary>
/// The rules about a document's stored state, one place for every host: how an upload is adopted, how a
/// delete removes index entries, row and files, how a worker's index batch is kept from landing after a
/// delete, and what start-up removes or requeues after a crash. Each runs under the document's lock
/// (<see cref="DocumentLocks"/>), so a delete, a re-upload of the same bytes and a worker never interleave
/// on one <c>documents/{id}</c> folder. Every change to the index goes through here, so this is also where a
/// collection's content version (<see cref="ContentVersion"/>) moves.
/// </summary>
public sealed class DocumentService(DocumentStore store, DocumentFiles files, IChunkIndex index, DocumentLocks locks, ILogger<DocumentService> logger)
{
    private const int PageSize = 500;

    // Per collection, how many index changes this process has made; absent means none.
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);

    /// <summary>
    /// A number that changes whenever this process changes the chunks of <paramref name="collection"/> in the index
    /// (an upsert, or the removal of a document's chunks), so answers cached under it are never served over other
    /// content. It moves after the change is written: whoever reads the new number searches the new content.
    /// It counts this process's changes only (one Folio process owns a data folder and its index).
    /// </summary>
    public long ContentVersion(string collection) => _versions.GetValueOrDefault(collection);

    /// <summary>
    /// Adopts an uploaded file as the original of the document its bytes make in <paramref name="collection"/>,
    /// then adds (or finds) the document's row — the file first, so a worker never claims a document without it.
    /// </summary>
    /// <returns>The stored record and whether this call created it.</returns>
    public async Task<(DocumentRecord Document, bool Created)> AddAsync(string collection, string fileName, string mediaType, string sha256,
        IReadOnlyDictionary<string, string> tags, string uploadedPath, CancellationToken cancellationToken = default)
    {
        var id = DocumentStore.DocumentId(collection, sha256);
        using (await locks.AcquireAsync(id, cancellationToken))
        {
            files.AdoptOriginal(id, uploadedPath, sha256);
            // Not cancelled past this point: the file is in place, and its row should follow.
            return await store.AddAsync(collection, fileName, mediaType, sha256, tags, CancellationToken.None);
        }
    }

    /// <summary>
    /// Deletes the document: index entries first (if the index is down nothing is removed, and a retry finds
    /// the document still there), then its row, then its files. Once this returns, no worker can add any of
    /// its chunks back (see <see cref="UpsertIfCurrentAsync"/>).
    /// </summary>
    /// <returns>False when there was no such document.</returns>
    public async Task<bool> DeleteAsync(string documentId, CancellationToken cancellationToken = default)
    {
        using (await locks.AcquireAsync(documentId, cancellationToken))
        {
            if (await store.GetAsync(documentId, cancellationToken) is not { } document)
            {
                return false;
            }

            await ChangeAsync(document.Collection, () => index.DeleteDocumentAsync(document.Collection, document.Id, cancellationToken));
            await store.DeleteAsync(document.Id, CancellationToken.None);
            files.Delete(document.Id);
            return true;
        }
    }

    /// <summary>
    /// Upserts one batch of a document's chunks if its row still holds the generation the worker claimed;
    /// the check and the write hold the document's lock, so a delete cannot pass between them.
    /// </summary>
    /// <returns>False (nothing written) when the document was deleted, or deleted and uploaded again.</returns>
    public async Task<bool> UpsertIfCurrentAsync(DocumentRecord document, string modelId, IReadOnlyList<ChunkVector> batch, CancellationToken cancellationToken = default)
    {
        using (await locks.AcquireAsync(document.Id, cancellationToken))
        {
            if (!await store.IsCurrentAsync(document, cancellationToken))
            {
                return false;
            }

            await ChangeAsync(document.Collection, () => index.UpsertAsync(modelId, batch, cancellationToken));
            return true;
        }
    }

    /// <summary>
    /// Fails the document for good and removes what it left in the index, under its lock: an upload of the
    /// same bytes (which queues a failed document again) cannot slip between the two and lose its chunks.
    /// </summary>
    /// <returns>False (nothing done) when the row is gone or has another generation.</returns>
    public async Task<bool> FailAsync(DocumentRecord document, DocumentError error, CancellationToken cancellationToken = default)
    {
        using (await locks.AcquireAsync(document.Id, CancellationToken.None))
        {
            if (!await store.FailAsync(document, error, CancellationToken.None))
            {
                return false;
            }

            await ChangeAsync(document.Collection, () => index.DeleteDocumentAsync(document.Collection, document.Id, cancellationToken));
            return true;
        }
    }

    /// <summary>
    /// After a worker found the document's row gone: removes its index entries and files — unless the same
    /// bytes were uploaded again meanwhile (a new row), whose file and chunks are the same and stay.
    /// </summary>
    public async Task ForgetIfDeletedAsync(DocumentRecord document, CancellationToken cancellationToken = default)
    {
        using (await locks.AcquireAsync(document.Id, cancellationToken))
        {
            if (await store.GetAsync(document.Id, cancellationToken) is not null)
            {
                return;
            }

            await ChangeAsync(document.Collection, () => index.DeleteDocumentAsync(document.Collection, document.Id, cancellationToken));
            files.Delete(document.Id);
        }

        Log.DeletedWhileIngesting(logger, document.Id);
    }

    /// <summary>
    /// At start-up, after a crash or power loss: removes index entries (chunks, vectors, keyword entries) of
    /// documents that have no row or failed, and folders that have no row; and queues again every ready
    /// document the index holds fewer chunks of than it was cut into.
    /// </summary>
    /// <returns>How many documents' leftovers were removed, and how many ready documents were queued again.</returns>
    public async Task<(int Removed, int Requeued)> SweepAsync(CancellationToken cancellationToken = default)
    {
        var removed = 0;
        var indexed = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var entry in index.ListDocumentsAsync(cancellationToken))
        {
            // Document ids are unique across collections: they hash the collection name.
            indexed[entry.DocumentId] = entry.Chunks;
            if (await RemoveIfUnwantedAsync(entry.DocumentId, row => row is null || row.Status == DocumentStatus.Failed,
                    () => ChangeAsync(entry.Collection, () => index.DeleteDocumentAsync(entry.Collection, entry.DocumentId, cancellationToken)), cancellationToken))
            {
                removed++;
            }
        }

        foreach (var id in files.StoredIds())
        {
            if (await RemoveIfUnwantedAsync(id, row => row is null, () =>
                {
                    files.Delete(id);
                    return Task.CompletedTask;
                }, cancellationToken))
            {
                removed++;
            }
        }

        var requeued = 0;
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new DocumentQuery(null, DocumentStatus.Ready, null, cursor, PageSize), cancellationToken);
            foreach (var document in page.Documents)
            {
                if (indexed.GetValueOrDefault(document.Id) < document.Chunks && await store.RequeueAsync(document, cancellationToken))
                {
                    Log.RequeuedShortOfChunks(logger, document.Id, indexed.GetValueOrDefault(document.Id), document.Chunks);
                    requeued++;
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return (removed, requeued);
    }

    // A failed or cancelled change may have been written in part, so the version moves whatever the outcome.
    private async Task ChangeAsync(string collection, Func<Task> change)
    {
        try
        {
            await change();
        }
        finally
        {
            _versions.AddOrUpdate(collection, 1, (_, version) => version + 1);
        }
    }

    private async Task<bool> RemoveIfUnwantedAsync(string documentId, Func<DocumentRecord?, bool> unwanted, Func<Task> remove, CancellationToken cancellationToken)
    {
        using (await locks.AcquireAsync(documentId, cancellationToken))
        {
            if (!unwanted(await store.GetAsync(documentId, cancellationToken)))
            {
                return false;
            }

            await remove();
            return true;
        }
    }
}
