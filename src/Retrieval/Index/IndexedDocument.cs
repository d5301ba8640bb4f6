namespace Folio.Retrieval.Index;

/// <summary>A document the index holds chunks of, and how many.</summary>
/// <param name="Collection">The document's collection.</param>
/// <param name="DocumentId">The document.</param>
/// <param name="Chunks">Chunks indexed for it.</param>
public sealed record IndexedDocument(string Collection, string DocumentId, long Chunks);
