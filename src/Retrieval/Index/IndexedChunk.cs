namespace Folio.Retrieval.Index;

/// <summary>A chunk as the index stores it: the chunk plus the document facts that filters and evidence need.</summary>
/// <param name="ChunkId">The chunk's stable id (unique across the whole index).</param>
/// <param name="DocumentId">The owning document.</param>
/// <param name="Collection">The document's collection.</param>
/// <param name="FileName">The document's file name.</param>
/// <param name="ChunkIndex">0-based position of the chunk in its document.</param>
/// <param name="Text">The chunk's text (what keyword search matches).</param>
/// <param name="HeadingPath">Headings above the chunk, " > "-joined.</param>
/// <param name="Page">First page.</param>
/// <param name="LastPage">Last page.</param>
/// <param name="Start">Start offset in the document's normalised text.</param>
/// <param name="End">End offset (exclusive).</param>
/// <param name="Tags">The document's tags (one value per key); every chunk of a document carries the same tags, and the embedded index stores them once per document.</param>
public sealed record IndexedChunk(
    string ChunkId,
    string DocumentId,
    string Collection,
    string FileName,
    int ChunkIndex,
    string Text,
    string HeadingPath,
    int Page,
    int LastPage,
    int Start,
    int End,
    IReadOnlyDictionary<string, string> Tags);
