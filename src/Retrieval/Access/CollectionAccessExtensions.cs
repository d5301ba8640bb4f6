using Folio.Retrieval.Documents;

namespace Folio.Retrieval.Access;

/// <summary>The rules every caller-facing path applies to a collection name.</summary>
public static class CollectionAccessExtensions
{
    /// <summary>Whether the caller may use <paramref name="collection"/>.</summary>
    public static bool Allows(this ICollectionAccess access, string collection) =>
        access.Collections is not { } visible || visible.Contains(collection);

    /// <summary>
    /// The collection a call works on: the one named, if the caller may use it; else the caller's only collection;
    /// else (every collection visible) <see cref="DocumentNames.DefaultCollection"/>.
    /// </summary>
    /// <exception cref="CollectionNotVisibleException">The named collection is not the caller's.</exception>
    /// <exception cref="CollectionRequiredException">None was named and the caller has several.</exception>
    public static string Resolve(this ICollectionAccess access, string? requested)
    {
        if (requested is not null)
        {
            return access.Allows(requested) ? requested : throw new CollectionNotVisibleException(requested);
        }

        return access.Collections switch
        {
            null => DocumentNames.DefaultCollection,
            { Count: 1 } only => only.First(),
            _ => throw new CollectionRequiredException(),
        };
    }
}
