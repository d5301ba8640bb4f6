namespace Folio.Retrieval.Access;

/// <summary>
/// Which collections the current caller may see. In process every collection is visible
/// (<see cref="AllCollections"/>); the API answers from the caller's key, so search, questions, extraction
/// and the document list honour one rule whether they are reached over REST, MCP or the plugin.
/// </summary>
public interface ICollectionAccess
{
    /// <summary>The collections the caller may use; null when it may use every collection.</summary>
    IReadOnlySet<string>? Collections { get; }
}
