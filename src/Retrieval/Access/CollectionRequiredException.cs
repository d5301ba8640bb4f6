namespace Folio.Retrieval.Access;

/// <summary>The caller may use several collections and named none where one is needed.</summary>
public sealed class CollectionRequiredException()
    : Exception("This key may use several collections: name the collection.");
