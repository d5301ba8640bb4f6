using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Office;

/// <summary>
/// Reads a Word document (DOCX): headings from paragraph styles (resolved through <c>basedOn</c>,
/// by outline level or the built-in "heading N" names) and direct <c>w:outlineLvl</c>; the Title
/// style; numbered and bulleted list items (level = <c>w:ilvl</c> + 1); tables with merged cells
/// (<c>gridSpan</c>, <c>vMerge</c>) and header rows (<c>w:tblHeader</c>, else the first row); text
/// boxes once (the <c>mc:AlternateContent</c> fallback copy is skipped); footnotes after the
/// paragraph citing them; endnotes, then each distinct header and footer text once.
/// <para>
/// Pages are approximate: a DOCX has no pages until laid out. When Word saved the positions of its
/// last layout (<c>w:lastRenderedPageBreak</c>), those are counted; otherwise explicit page breaks
/// (<c>w:br w:type="page"</c>, <c>w:pageBreakBefore</c>) and page-starting section breaks are.
/// Page headers come first on page 1; footers and endnotes on the last page.
/// </para>
/// </summary>
internal sealed class DocxParser(ParsingOptions options) : IDocumentParser
{
    private const string MediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Docx;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        PackageGuard.Run(content, _options, "DOCX", package => Read(package, fileName, cancellationToken));

    private ParsedDocument Read(Stream content, string fileName, CancellationToken cancellationToken)
    {
        using var document = WordprocessingDocument.Open(content, false, PackageGuard.Settings);
        var builder = new ParsedDocumentBuilder(fileName, MediaType);
        var main = document.MainDocumentPart;
        if (main?.Document?.Body is not { } body)
        {
            return builder.Build();
        }

        var styles = new DocxStyles(main.StyleDefinitionsPart?.Styles ?? main.StylesWithEffectsPart?.Styles);
        var footnotes = Notes(main.FootnotesPart?.RootElement);
        var walker = new DocxBodyWalker(builder, styles, _options, footnotes, body, cancellationToken);

        AddRunning(builder, walker, main.HeaderParts, BlockKind.PageHeader, () => 1);
        walker.WalkBlocks(body, 1);
        foreach (var (_, note) in walker.UncitedFootnotes)
        {
            builder.Add(BlockKind.Note, walker.ContainerText(note, 1), walker.Page);
        }

        foreach (var (_, note) in Notes(main.EndnotesPart?.RootElement))
        {
            cancellationToken.ThrowIfCancellationRequested();
            builder.Add(BlockKind.Note, walker.ContainerText(note, 1), walker.Page);
        }

        AddRunning(builder, walker, main.FooterParts, BlockKind.PageFooter, () => walker.Page);
        builder.Pages = walker.Page;
        return builder.Build();
    }

    private static void AddRunning(ParsedDocumentBuilder builder, DocxBodyWalker walker, IEnumerable<OpenXmlPart> parts, BlockKind kind, Func<int> page)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (part.RootElement is { } root)
            {
                var text = TextNormalizer.Normalize(walker.ContainerText(root, 1));
                if (seen.Add(text))
                {
                    builder.Add(kind, text, page());
                }
            }
        }
    }

    /// <summary>Real footnotes or endnotes by id, without the separator and continuation notes.</summary>
    private static Dictionary<string, OpenXmlElement> Notes(OpenXmlElement? root)
    {
        var notes = new Dictionary<string, OpenXmlElement>(StringComparer.Ordinal);
        foreach (var note in root?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
        {
            if (note.LocalName is "footnote" or "endnote"
                && Ooxml.Attr(note, "type") is null or "normal"
                && Ooxml.Attr(note, "id") is { } id)
            {
                notes.TryAdd(id, note);
            }
        }

        return notes;
    }
}
