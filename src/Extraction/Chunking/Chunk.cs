namespace Folio.Extraction.Chunking;

/// <summary>
/// A piece of a document sized for the embedding model, with its place in the document.
/// <see cref="Start"/>/<see cref="End"/> index <see cref="ParsedDocument.Text"/>; <see cref="Text"/> is
/// what gets embedded and may differ from that span (a table chunk repeats its header row).
/// </summary>
/// <param name="Id">Stable id: the same document key and file give the same ids.</param>
/// <param name="Index">0-based position of the chunk in the document.</param>
/// <param name="Text">The chunk's text.</param>
/// <param name="HeadingPath">The headings above the chunk, outermost first, joined by " > "; empty if none.</param>
/// <param name="Start">Start offset of the covered span in the document text.</param>
/// <param name="End">End offset (exclusive) of the covered span.</param>
/// <param name="Page">First page the chunk covers.</param>
/// <param name="LastPage">Last page the chunk covers.</param>
public sealed record Chunk(string Id, int Index, string Text, string HeadingPath, int Start, int End, int Page, int LastPage)
{
    /// <summary>What the embedder sees: the heading path as a prefix line, then the text.</summary>
    public string EmbeddingText => HeadingPath.Length == 0 ? Text : HeadingPath + "\n" + Text;
}
