using System.Text.Json.Serialization;

namespace Folio.Extraction;

/// <summary>
/// A rectangle on a PDF page in PDF points, origin bottom-left as in the PDF;
/// serialised as <c>[x0, y0, x1, y1]</c>.
/// </summary>
[JsonConverter(typeof(BoundingBoxJsonConverter))]
public readonly record struct BoundingBox(double X0, double Y0, double X1, double Y1)
{
    /// <summary>The smallest box holding both boxes.</summary>
    public BoundingBox Union(BoundingBox other) => new(
        Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));
}
