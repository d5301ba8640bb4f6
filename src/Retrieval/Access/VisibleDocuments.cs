using Folio.Retrieval.Documents;

namespace Folio.Retrieval.Access;

/// <summary>
/// The document store as a caller sees it: a document of a collection the caller may not use does not exist
/// (null, so a 404 and never a 403: ids do not leak), and lists hold only the caller's collections.
/// </summary>
public sealed class VisibleDocuments(DocumentStore store, ICollectionAccess access)
{
    /// <summary>The document, or null when there is none the caller may see.</summary>
    public async Task<DocumentRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        DocumentNames.IsDocumentId(id) && await store.GetAsync(id, cancellationToken) is { } document && access.Allows(document.Collection)
            ? document
            : null;

    /// <summary>A page of <paramref name="query"/> limited to the caller's collections.</summary>
    /// <exception cref="CollectionNotVisibleException">The query names a collection the caller may not use.</exception>
    public Task<DocumentPage> ListAsync(DocumentQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Collection is { } collection && !access.Allows(collection))
        {
            throw new CollectionNotVisibleException(collection);
        }

        return store.ListAsync(query.Collection is null && access.Collections is { } visible ? query with { Collections = visible } : query, cancellationToken);
    }
}
