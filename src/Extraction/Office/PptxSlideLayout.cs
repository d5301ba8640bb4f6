using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Office;

/// <summary>
/// The placeholders a slide inherits from its layout and master: where a placeholder without its
/// own <c>a:xfrm</c> sits, and the list styles that may switch bullets off. Matched as PowerPoint
/// does: by <c>idx</c> first, then by type.
/// </summary>
internal sealed class PptxSlideLayout
{
    private readonly List<(string Type, string? Index, OpenXmlElement Shape)> _layout = [];
    private readonly List<(string Type, string? Index, OpenXmlElement Shape)> _master = [];

    public PptxSlideLayout(SlideLayoutPart? layout)
    {
        Collect(layout?.RootElement, _layout);
        Collect(layout?.SlideMasterPart?.RootElement, _master);
    }

    /// <summary>The layout (else master) placeholder matching a slide placeholder.</summary>
    public OpenXmlElement? Find(string type, string? index) =>
        Match(_layout, type, index) ?? Match(_master, type, index);

    /// <summary>The placeholder (<c>p:ph</c>) of a shape: its type ("obj" when unset) and idx; null for a free shape.</summary>
    public static (string Type, string? Index)? Placeholder(OpenXmlElement shape)
    {
        var properties = Ooxml.Child(shape, "nvSpPr") ?? Ooxml.Child(shape, "nvGraphicFramePr");
        return Ooxml.Child(Ooxml.Child(properties, "nvPr"), "ph") is { } ph
            ? (Ooxml.Attr(ph, "type") ?? "obj", Ooxml.Attr(ph, "idx"))
            : null;
    }

    /// <summary>The shape's own offset (<c>a:off</c> in <c>spPr/a:xfrm</c> or a frame's <c>p:xfrm</c>).</summary>
    public static (double X, double Y)? Offset(OpenXmlElement? shape)
    {
        var transform = Ooxml.Child(Ooxml.Child(shape, "spPr"), "xfrm") ?? Ooxml.Child(shape, "xfrm")
            ?? Ooxml.Child(Ooxml.Child(shape, "grpSpPr"), "xfrm");
        return Ooxml.Child(transform, "off") is { } off
            && double.TryParse(Ooxml.Attr(off, "x"), System.Globalization.CultureInfo.InvariantCulture, out var x)
            && double.TryParse(Ooxml.Attr(off, "y"), System.Globalization.CultureInfo.InvariantCulture, out var y)
            ? (x, y)
            : null;
    }

    private static OpenXmlElement? Match(List<(string Type, string? Index, OpenXmlElement Shape)> shapes, string type, string? index)
    {
        var generic = Generic(type);
        if (index is not null && shapes.Find(s => s.Index == index).Shape is { } byIndex)
        {
            return byIndex;
        }

        return shapes.Find(s => Generic(s.Type) == generic).Shape;
    }

    private static string Generic(string type) => type switch
    {
        "ctrTitle" => "title",
        "obj" or "subTitle" => "body",
        _ => type,
    };

    private static void Collect(OpenXmlElement? root, List<(string, string?, OpenXmlElement)> into)
    {
        var tree = Ooxml.Child(Ooxml.Child(root, "cSld"), "spTree");
        foreach (var shape in tree?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
        {
            if (shape.LocalName == "sp" && Placeholder(shape) is { } ph)
            {
                into.Add((ph.Type, ph.Index, shape));
            }
        }
    }
}
