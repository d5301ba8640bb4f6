namespace Folio.Retrieval.Documents;

/// <summary>
/// A page of the document list: optional filters, an opaque cursor from the previous page, a page size;
/// <paramref name="Collections"/>, when given, limits the list to those collections (none: an empty list).
/// </summary>
public sealed record DocumentQuery(string? Collection, DocumentStatus? Status, KeyValuePair<string, string>? Tag, string? Cursor, int Limit,
    IReadOnlySet<string>? Collections = null);
