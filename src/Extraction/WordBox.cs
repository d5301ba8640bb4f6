namespace Folio.Extraction;

/// <summary>Where a run of the document's text (usually a word) lies on a PDF page.</summary>
/// <param name="Start">Start offset into <see cref="ParsedDocument.Text"/>.</param>
/// <param name="End">End offset (exclusive) into <see cref="ParsedDocument.Text"/>.</param>
/// <param name="Page">1-based page.</param>
/// <param name="Box">The union of the letters' boxes.</param>
public sealed record WordBox(int Start, int End, int Page, BoundingBox Box);
