using System.IO.Compression;

namespace Folio.Extraction.Tests.Office;

/// <summary>Hostile packages written entry by entry, so part names, content types and sizes are exactly what the attack needs.</summary>
internal static partial class OfficeFixtures
{
    public const string WordNamespace = W;
    public const string DocumentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    public const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    public const string WorksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    public const string OfficeDocumentRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    public const string WorksheetRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

    /// <summary>A ZIP of the given entries, in order.</summary>
    public static MemoryStream Package(params (string Name, string Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary><c>[Content_Types].xml</c> with the <c>rels</c> default and one override per part.</summary>
    public static (string, string) ContentTypes(params (string PartName, string ContentType)[] overrides) => ("[Content_Types].xml",
        $"""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>{string.Concat(overrides.Select(o => $"<Override PartName=\"{o.PartName}\" ContentType=\"{o.ContentType}\"/>"))}</Types>""");

    /// <summary>A relationships part named <paramref name="name"/>.</summary>
    public static (string, string) Relationships(string name, params (string Id, string Type, string Target)[] relationships) => (name,
        $"""<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{string.Concat(relationships.Select(r => $"<Relationship Id=\"{r.Id}\" Type=\"{r.Type}\" Target=\"{r.Target}\"/>"))}</Relationships>""");

    /// <summary><paramref name="inner"/> wrapped in <paramref name="depth"/> levels of <paramref name="element"/>.</summary>
    public static string Nested(string element, int depth, string inner = "") =>
        string.Concat(Enumerable.Repeat($"<{element}>", depth)) + inner + string.Concat(Enumerable.Repeat($"</{element.Split(' ')[0]}>", depth));

    /// <summary>A DOCX whose main document part is <paramref name="mainPart"/> (any name: OPC needs no extension) with this body.</summary>
    public static MemoryStream DocxPackage(string body, string mainPart = "word/document.xml") => Package(
        ContentTypes(("/" + mainPart, DocumentType)),
        Relationships("_rels/.rels", ("rId1", OfficeDocumentRelationship, mainPart)),
        (mainPart, $"""<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"""));

    /// <summary>An XLSX of one sheet, its workbook part named <paramref name="workbookPart"/> and holding <paramref name="workbookExtra"/>.</summary>
    public static MemoryStream XlsxPackage(string sheetData, string workbookPart = "xl/workbook.xml", string workbookExtra = "", string sheetExtra = "")
    {
        var folder = workbookPart[..(workbookPart.LastIndexOf('/') + 1)];
        var relationships = folder + "_rels/" + workbookPart[folder.Length..] + ".rels";
        return Package(
            ContentTypes(("/" + workbookPart, WorkbookType), ("/xl/sheets/one.xml", WorksheetType)),
            Relationships("_rels/.rels", ("rId1", OfficeDocumentRelationship, workbookPart)),
            (workbookPart, $"""<?xml version="1.0"?><workbook xmlns="{X}" xmlns:r="{R}"><sheets><sheet name="One" sheetId="1" r:id="rS1"/></sheets>{workbookExtra}</workbook>"""),
            Relationships(relationships, ("rS1", WorksheetRelationship, "/xl/sheets/one.xml")),
            ("xl/sheets/one.xml", $"""<?xml version="1.0"?><worksheet xmlns="{X}"><sheetData>{sheetData}</sheetData>{sheetExtra}</worksheet>"""));
    }

    /// <summary>A one-slide PPTX holding one table of these <c>a:tr</c> rows.</summary>
    public static MemoryStream PptxTable(string rows) => Package(
        ContentTypes(
            ("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
            ("/ppt/slides/slide1.xml", "application/vnd.openxmlformats-officedocument.presentationml.slide+xml")),
        Relationships("_rels/.rels", ("rId1", OfficeDocumentRelationship, "ppt/presentation.xml")),
        ("ppt/presentation.xml", $"""<p:presentation xmlns:p="{P}" xmlns:r="{R}"><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>"""),
        Relationships("ppt/_rels/presentation.xml.rels", ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide", "slides/slide1.xml")),
        ("ppt/slides/slide1.xml", $"""
            <p:sld xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree>
            <p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="9" name="T"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>
              <p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm>
              <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>{rows}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>
            </p:spTree></p:cSld></p:sld>
            """));

    /// <summary>A PPTX table cell with this text and attributes.</summary>
    public static string PptxCell(string text, string attributes = "") => Cell(text, attributes);

    /// <summary>
    /// A DOCX whose document part holds <paramref name="paragraphs"/> numbered paragraphs, written
    /// straight into the ZIP (never one string): megabytes of XML from a small file.
    /// </summary>
    public static MemoryStream DocxOfParagraphs(int paragraphs)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[]
            {
                ContentTypes(("/word/document.xml", DocumentType)),
                Relationships("_rels/.rels", ("rId1", OfficeDocumentRelationship, "word/document.xml")),
            })
            {
                using var part = new StreamWriter(zip.CreateEntry(name).Open());
                part.Write(content);
            }

            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.Fastest).Open());
            writer.Write($"""<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>""");
            for (var i = 0; i < paragraphs; i++)
            {
                writer.Write($"<w:p><w:r><w:t>Paragraph {i % 1000} of an ordinary report.</w:t></w:r></w:p>");
            }

            writer.Write("</w:body></w:document>");
        }

        stream.Position = 0;
        return stream;
    }
}
