namespace Folio.Retrieval.Documents;

/// <summary>One page of documents, oldest first, and the cursor of the next page (null at the end).</summary>
public sealed record DocumentPage(IReadOnlyList<DocumentRecord> Documents, string? NextCursor);
