using DocumentFormat.OpenXml;

namespace Folio.Extraction.Office;

/// <summary>
/// Reads Open XML elements by local name, whatever their namespace or whether the SDK knows their
/// type: Strict documents, unknown extensions and typed elements all read the same way.
/// </summary>
internal static class Ooxml
{
    /// <summary>The value of the attribute with this local name, or null.</summary>
    public static string? Attr(OpenXmlElement element, string localName)
    {
        foreach (var attribute in element.GetAttributes())
        {
            if (attribute.LocalName == localName)
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>The first child with this local name, or null.</summary>
    public static OpenXmlElement? Child(OpenXmlElement? element, string localName)
    {
        if (element is null)
        {
            return null;
        }

        foreach (var child in element.ChildElements)
        {
            if (child.LocalName == localName)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The <c>val</c> attribute of a child property element, e.g. <c>w:pStyle/@w:val</c>.</summary>
    public static string? ChildVal(OpenXmlElement? element, string localName) =>
        Child(element, localName) is { } child ? Attr(child, "val") : null;

    /// <summary>An on/off property (<c>w:tblHeader</c>, <c>w:pageBreakBefore</c>): present and not switched off.</summary>
    public static bool IsOn(OpenXmlElement? element, string localName) =>
        Child(element, localName) is { } child && Attr(child, "val") is not ("0" or "false" or "off");

    /// <summary>An integer attribute, or null when absent or malformed.</summary>
    public static int? Int(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>
    /// The branch of <c>mc:AlternateContent</c> to read: the first Choice (the richer markup), never the
    /// Fallback, which repeats the same content for older readers.
    /// </summary>
    public static OpenXmlElement? ChosenAlternate(OpenXmlElement alternateContent) => Child(alternateContent, "Choice");
}
