using Folio.Extraction;

namespace Folio.Retrieval.Search;

/// <summary>
/// Where a result comes from, the same way everywhere in Folio (DESIGN.md, "The evidence record"):
/// <c>Start</c>/<c>End</c> index the document's normalised text and <c>Quote</c> is the text there.
/// </summary>
/// <param name="DocumentId">The document.</param>
/// <param name="FileName">Its file name.</param>
/// <param name="Page">1-based page of the quote.</param>
/// <param name="ChunkId">The chunk the quote lies in.</param>
/// <param name="Start">Start offset of the quote in the document text.</param>
/// <param name="End">End offset (exclusive).</param>
/// <param name="Quote">The document's text at [Start, End).</param>
/// <param name="Match">How the value matched the quote: exact, normalized or fuzzy.</param>
/// <param name="Bbox">The quote's box on its page (PDF only).</param>
public sealed record Evidence(string DocumentId, string FileName, int Page, string ChunkId, int Start, int End, string Quote, string Match, BoundingBox? Bbox);
