namespace Folio.Extraction;

/// <summary>The size of a PDF page in points, so a client can flip a bottom-left <see cref="BoundingBox"/>.</summary>
public sealed record PageSize(int Page, double Width, double Height);
