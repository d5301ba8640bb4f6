namespace Folio.Retrieval.Access;

/// <summary>Every collection is visible: the rule for in-process hosts and for an API without keys.</summary>
public sealed class AllCollections : ICollectionAccess
{
    /// <inheritdoc/>
    public IReadOnlySet<string>? Collections => null;
}
