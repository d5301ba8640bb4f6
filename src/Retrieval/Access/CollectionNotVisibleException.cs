namespace Folio.Retrieval.Access;

/// <summary>The caller named a collection it may not use; answered as if the collection did not exist, so names do not leak.</summary>
public sealed class CollectionNotVisibleException(string collection)
    : Exception($"Collection '{collection}' was not found.");
