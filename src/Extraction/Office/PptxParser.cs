using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Office;

/// <summary>
/// Reads a PowerPoint deck (PPTX): slides in presentation order (<c>p:sldIdLst</c>), page = slide
/// number. On each slide the title placeholder is a level-1 heading, then the other shapes in
/// reading order (top to bottom, then left to right; a group's members stay together, ordered within
/// it; positions a placeholder leaves out come from its layout or master). Paragraphs of bulleted
/// body placeholders (unless <c>a:buNone</c>) and paragraphs with explicit bullets are list items at
/// <c>lvl</c> + 1; tables keep their merged cells; speaker notes follow as a note. Hidden slides are
/// read and reported in a warning. Charts and SmartArt text are not read.
/// </summary>
internal sealed class PptxParser(ParsingOptions options) : IDocumentParser
{
    private const string MediaType = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    /// <summary>Deepest markup followed inside one paragraph; real runs are 2–4 levels deep.</summary>
    private const int MaxRunDepth = 32;
    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Pptx;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        PackageGuard.Run(content, _options, "PPTX", package => Read(package, fileName, cancellationToken));

    private ParsedDocument Read(Stream content, string fileName, CancellationToken cancellationToken)
    {
        using var document = PresentationDocument.Open(content, false, PackageGuard.Settings);
        var builder = new ParsedDocumentBuilder(fileName, MediaType);
        var presentation = document.PresentationPart;
        var slideIds = Ooxml.Child(presentation?.Presentation, "sldIdLst")?.ChildElements
            .Where(e => e.LocalName == "sldId").ToList() ?? [];
        if (slideIds.Count > _options.MaxPages)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The presentation has {slideIds.Count:N0} slides; the limit is {_options.MaxPages:N0}.");
        }

        for (var i = 0; i < slideIds.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (RelationshipId(slideIds[i]) is { } id && presentation!.TryGetPartById(id, out var part) && part is SlidePart slide)
            {
                AddSlide(builder, slide, i + 1);
            }

            if (builder.TextLength > _options.MaxTextCharacters)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                    $"The presentation has more than {_options.MaxTextCharacters:N0} characters of text.");
            }
        }

        builder.Pages = Math.Max(1, slideIds.Count);
        return builder.Build();
    }

    private void AddSlide(ParsedDocumentBuilder builder, SlidePart slide, int page)
    {
        if (slide.RootElement is not { } root)
        {
            return;
        }

        if (Ooxml.Attr(root, "show") is "0" or "false")
        {
            builder.AddWarning($"Slide {page} is hidden");
        }

        var layout = new PptxSlideLayout(slide.SlideLayoutPart);
        var tree = Ooxml.Child(Ooxml.Child(root, "cSld"), "spTree");
        var shapes = tree is null ? [] : Collect(tree, layout, (x, y) => (x, y), 1, builder);
        foreach (var title in shapes.Where(s => s.IsTitle))
        {
            builder.Add(BlockKind.Heading, string.Join(' ', Paragraphs(title.Element!).Select(p => ParagraphText(p))).Replace('\n', ' '), page, level: 1);
        }

        foreach (var shape in shapes.Where(s => !s.IsTitle))
        {
            AddShape(builder, shape, page);
        }

        if (Ooxml.Child(Ooxml.Child(slide.NotesSlidePart?.RootElement, "cSld"), "spTree") is { } notes)
        {
            var text = notes.ChildElements
                .Where(s => s.LocalName == "sp" && PptxSlideLayout.Placeholder(s)?.Type == "body")
                .SelectMany(Paragraphs)
                .Select(p => ParagraphText(p));
            builder.Add(BlockKind.Note, string.Join('\n', text), page);
        }
    }

    private static void AddShape(ParsedDocumentBuilder builder, PptxShape shape, int page)
    {
        foreach (var member in shape.Members)
        {
            AddShape(builder, member, page);
        }

        if (shape.Element is null)
        {
            return;
        }

        if (shape.Element.LocalName == "graphicFrame")
        {
            if (shape.Element.Descendants().FirstOrDefault(e => e.LocalName == "tbl") is { } table)
            {
                builder.AddTable(TableRows(table), page);
            }

            return;
        }

        var shapeList = Ooxml.Child(Ooxml.Child(shape.Element, "txBody"), "lstStyle");
        var layoutList = Ooxml.Child(Ooxml.Child(shape.LayoutPlaceholder, "txBody"), "lstStyle");
        foreach (var paragraph in Paragraphs(shape.Element))
        {
            var properties = Ooxml.Child(paragraph, "pPr");
            var level = Math.Clamp(Ooxml.Int(properties is null ? null : Ooxml.Attr(properties, "lvl")) ?? 0, 0, 8);
            var levelStyle = $"lvl{level + 1}pPr";
            var explicitBullet = Ooxml.Child(properties, "buChar") is not null || Ooxml.Child(properties, "buAutoNum") is not null;
            var noBullet = Ooxml.Child(properties, "buNone") is not null
                || (!explicitBullet && (Ooxml.Child(Ooxml.Child(shapeList, levelStyle), "buNone") is not null
                    || Ooxml.Child(Ooxml.Child(layoutList, levelStyle), "buNone") is not null));
            var bulleted = !noBullet && (explicitBullet || shape.IsBulletedBody);
            builder.Add(bulleted ? BlockKind.ListItem : BlockKind.Paragraph, ParagraphText(paragraph), page, bulleted ? level + 1 : null);
        }
    }

    /// <summary>
    /// The slide's (or group's) text shapes and tables in reading order. <paramref name="toSlide"/>
    /// maps the container's child coordinates to slide coordinates (groups scale and move theirs).
    /// </summary>
    private List<PptxShape> Collect(OpenXmlElement container, PptxSlideLayout layout, Func<double, double, (double X, double Y)> toSlide,
        int depth, ParsedDocumentBuilder builder)
    {
        var shapes = new List<PptxShape>();
        if (depth > _options.MaxNestingDepth)
        {
            builder.AddWarning($"Shapes grouped deeper than {_options.MaxNestingDepth} levels were skipped.");
            return shapes;
        }

        foreach (var child in container.ChildElements)
        {
            switch (child.LocalName)
            {
                case "sp" when Ooxml.Child(child, "txBody") is not null:
                case "graphicFrame":
                    var placeholder = PptxSlideLayout.Placeholder(child);
                    var inherited = placeholder is { } ph ? layout.Find(ph.Type, ph.Index) : null;
                    var (x, y) = PptxSlideLayout.Offset(child) is { } own ? toSlide(own.X, own.Y)
                        : PptxSlideLayout.Offset(inherited) ?? (0, 0);
                    shapes.Add(new PptxShape(child, y, x, placeholder?.Type, inherited, []));
                    break;
                case "grpSp":
                    var (map, position) = GroupTransform(child, toSlide);
                    var members = Collect(child, layout, map, depth + 1, builder);
                    if (members.Count > 0)
                    {
                        shapes.Add(new PptxShape(null, position.Y, position.X, null, null, members));
                    }

                    break;
                case "AlternateContent":
                    if (Ooxml.ChosenAlternate(child) is { } chosen)
                    {
                        shapes.AddRange(Collect(chosen, layout, toSlide, depth + 1, builder));
                    }

                    break;
            }
        }

        // Titles lead whatever their position; the rest read top to bottom, then left to right.
        return [.. shapes.OrderBy(s => s.IsTitle ? 0 : 1).ThenBy(s => s.Y).ThenBy(s => s.X)];
    }

    private static (Func<double, double, (double X, double Y)> Map, (double X, double Y) Position) GroupTransform(
        OpenXmlElement group, Func<double, double, (double X, double Y)> toSlide)
    {
        var transform = Ooxml.Child(Ooxml.Child(group, "grpSpPr"), "xfrm");
        var off = Pair(Ooxml.Child(transform, "off"), "x", "y") ?? (0, 0);
        var ext = Pair(Ooxml.Child(transform, "ext"), "cx", "cy");
        var childOff = Pair(Ooxml.Child(transform, "chOff"), "x", "y") ?? off;
        var childExt = Pair(Ooxml.Child(transform, "chExt"), "cx", "cy");
        var scaleX = ext is { } e1 && childExt is { } c1 && c1.A > 0 ? e1.A / c1.A : 1;
        var scaleY = ext is { } e2 && childExt is { } c2 && c2.B > 0 ? e2.B / c2.B : 1;
        return ((x, y) => toSlide(off.A + ((x - childOff.A) * scaleX), off.B + ((y - childOff.B) * scaleY)), toSlide(off.A, off.B));
    }

    private static (double A, double B)? Pair(OpenXmlElement? element, string first, string second) =>
        element is not null
        && double.TryParse(Ooxml.Attr(element, first), System.Globalization.CultureInfo.InvariantCulture, out var a)
        && double.TryParse(Ooxml.Attr(element, second), System.Globalization.CultureInfo.InvariantCulture, out var b)
            ? (a, b)
            : null;

    private static List<TableRow> TableRows(OpenXmlElement table)
    {
        var firstRowIsHeader = Ooxml.Attr(Ooxml.Child(table, "tblPr") ?? table, "firstRow") is "1" or "true";
        var rows = new List<TableRow>();
        foreach (var row in table.ChildElements.Where(r => r.LocalName == "tr"))
        {
            var cells = new List<TableCell>();
            foreach (var cell in row.ChildElements.Where(c => c.LocalName == "tc"))
            {
                // Cells covered by a merge carry hMerge/vMerge and repeat nothing of their own.
                if (Ooxml.Attr(cell, "hMerge") is "1" or "true" || Ooxml.Attr(cell, "vMerge") is "1" or "true")
                {
                    continue;
                }

                var text = string.Join('\n', Paragraphs(cell).Select(p => ParagraphText(p)));
                cells.Add(new TableCell(text,
                    Math.Clamp(Ooxml.Int(Ooxml.Attr(cell, "rowSpan")) ?? 1, 1, 10_000),
                    Math.Clamp(Ooxml.Int(Ooxml.Attr(cell, "gridSpan")) ?? 1, 1, 10_000)));
            }

            rows.Add(new TableRow(cells, IsHeader: rows.Count == 0 && firstRowIsHeader));
        }

        return rows;
    }

    private static IEnumerable<OpenXmlElement> Paragraphs(OpenXmlElement shapeOrCell) =>
        Ooxml.Child(shapeOrCell, "txBody")?.ChildElements.Where(p => p.LocalName == "p") ?? [];

    private static string ParagraphText(OpenXmlElement element, StringBuilder? text = null, int depth = 0)
    {
        text ??= new StringBuilder();
        if (depth > MaxRunDepth)
        {
            return text.ToString();
        }

        foreach (var child in element.ChildElements)
        {
            switch (child.LocalName)
            {
                case "t":
                    text.Append(child.InnerText);
                    break;
                case "br":
                    text.Append('\n');
                    break;
                case "pPr" or "rPr" or "endParaRPr" or "Fallback":
                    break;
                case "AlternateContent":
                    if (Ooxml.ChosenAlternate(child) is { } chosen)
                    {
                        ParagraphText(chosen, text, depth + 1);
                    }

                    break;
                default:
                    ParagraphText(child, text, depth + 1);
                    break;
            }
        }

        return text.ToString();
    }

    private static string? RelationshipId(OpenXmlElement element)
    {
        foreach (var attribute in element.GetAttributes())
        {
            if (attribute.LocalName == "id" && attribute.NamespaceUri.Contains("relationships", StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }
}
