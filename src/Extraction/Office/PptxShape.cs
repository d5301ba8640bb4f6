using DocumentFormat.OpenXml;

namespace Folio.Extraction.Office;

/// <summary>
/// A text-bearing shape of a slide, where it sits (slide coordinates, EMU) and, for a group, its
/// members in reading order.
/// </summary>
/// <param name="Element">The <c>p:sp</c> or <c>p:graphicFrame</c>; null for a group.</param>
/// <param name="Y">Top edge.</param>
/// <param name="X">Left edge.</param>
/// <param name="PlaceholderType">The placeholder type (<c>title</c>, <c>body</c>, <c>obj</c> when unset), or null for a free shape.</param>
/// <param name="LayoutPlaceholder">The layout's placeholder this one inherits from, if found.</param>
/// <param name="Members">A group's shapes, already ordered.</param>
internal sealed record PptxShape(OpenXmlElement? Element, double Y, double X, string? PlaceholderType, OpenXmlElement? LayoutPlaceholder, IReadOnlyList<PptxShape> Members)
{
    public bool IsTitle => PlaceholderType is "title" or "ctrTitle";

    /// <summary>Placeholders whose paragraphs are bulleted unless a paragraph says <c>buNone</c>.</summary>
    public bool IsBulletedBody => PlaceholderType is "body" or "obj";
}
