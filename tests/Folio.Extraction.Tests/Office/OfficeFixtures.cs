using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Tests.Office;

/// <summary>Small Office packages built in memory with the Open XML SDK; part XML written out so the structure under test is plain to see.</summary>
internal static partial class OfficeFixtures
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string A = "http://schemas.openxmlformats.org/drawingml/2006/main";
    private const string P = "http://schemas.openxmlformats.org/presentationml/2006/main";
    private const string X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static MemoryStream Docx()
    {
        var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            Feed(main.AddNewPart<StyleDefinitionsPart>(), $"""
                <w:styles xmlns:w="{W}">
                  <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
                  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
                  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
                  <w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
                  <w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My heading"/><w:basedOn w:val="berschrift2"/></w:style>
                </w:styles>
                """);
            var header = main.AddNewPart<HeaderPart>("rH1");
            Feed(header, $"""<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Acme Confidential</w:t></w:r></w:p></w:hdr>""");
            Feed(main.AddNewPart<HeaderPart>("rH2"), $"""<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>Acme Confidential</w:t></w:r></w:p></w:hdr>""");
            Feed(main.AddNewPart<FooterPart>("rF1"), $"""<w:ftr xmlns:w="{W}"><w:p><w:r><w:t>Footer line</w:t></w:r></w:p></w:ftr>""");
            Feed(main.AddNewPart<FootnotesPart>(), $"""
                <w:footnotes xmlns:w="{W}">
                  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
                  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
                  <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> A footnote.</w:t></w:r></w:p></w:footnote>
                </w:footnotes>
                """);
            Feed(main, $$"""
                <w:document xmlns:w="{{W}}" xmlns:r="{{R}}"
                    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
                    xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
                    xmlns:v="urn:schemas-microsoft-com:vml">
                <w:body>
                  <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Quarterly Report</w:t></w:r></w:p>
                  <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Introduction</w:t></w:r></w:p>
                  <w:p><w:r><w:t>Body with a note.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
                  <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>First item</w:t></w:r></w:p>
                  <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Nested item</w:t></w:r></w:p>
                  <w:p><w:r><w:t>Before break</w:t><w:br w:type="page"/></w:r></w:p>
                  <w:p><w:pPr><w:pStyle w:val="MyHeading"/></w:pPr><w:r><w:t>Details</w:t></w:r></w:p>
                  <w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>Direct outline</w:t></w:r></w:p>
                  <w:p><w:r><w:t>Anchor</w:t></w:r><w:r>
                    <mc:AlternateContent>
                      <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
                      <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
                    </mc:AlternateContent></w:r></w:p>
                  <w:tbl>
                    <w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
                    <w:tr><w:trPr><w:tblHeader/></w:trPr>
                      <w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Qty</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Note</w:t></w:r></w:p></w:tc></w:tr>
                    <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Across</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>
                    <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Down</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>
                      <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>in1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>in2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
                    <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>z</w:t></w:r></w:p></w:tc></w:tr>
                  </w:tbl>
                  <w:p><w:pPr><w:pageBreakBefore/><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Appendix</w:t></w:r></w:p>
                  <w:sectPr><w:headerReference w:type="default" r:id="rH1"/><w:footerReference w:type="default" r:id="rF1"/></w:sectPr>
                </w:body></w:document>
                """);
        }

        stream.Position = 0;
        return stream;
    }

    public static MemoryStream Xlsx()
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            Feed(workbook.AddNewPart<SharedStringTablePart>(), $"""
                <sst xmlns="{X}"><si><t>Name</t></si><si><t>Amount</t></si><si/><si><r><t>Al</t></r><r><t>ice</t></r><rPh><t>ありす</t></rPh></si><si><t>Merged</t></si><si><t>Secret value</t></si></sst>
                """);
            Feed(workbook.AddNewPart<WorkbookStylesPart>(), $"""
                <styleSheet xmlns="{X}"><numFmts><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd\ hh:mm"/><numFmt numFmtId="165" formatCode="&quot;days&quot;\ 0.0"/></numFmts>
                <cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="10"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>
                """);
            Feed(workbook.AddNewPart<WorksheetPart>("rS1"), $"""
                <worksheet xmlns="{X}"><dimension ref="A1:XFD1048576"/><sheetData>
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Date</t></is></c><c r="D1" t="inlineStr"><is><t>Share</t></is></c><c r="E1" t="s"><v>2</v></c></row>
                <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><f>1+1</f><v>2</v></c><c r="C2" s="1"><v>45000</v></c><c r="D2" s="2"><v>0.125</v></c></row>
                <row r="3"><c r="A3" s="1"/></row>
                <row r="4"><c r="A4" t="str"><f>"B"&amp;"ob"</f><v>Bob</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" s="4"><v>0.30000000000000004</v></c><c r="E4" t="e"><v>#DIV/0!</v></c></row>
                <row r="5"><c r="A5" t="s"><v>4</v></c><c r="C5" s="3"><v>45000.5</v></c><c r="D5"><v>3.14159</v></c><c r="H5" t="inlineStr"><is><t></t></is></c></row>
                </sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>
                """);
            Feed(workbook.AddNewPart<WorksheetPart>("rS2"), $"""<worksheet xmlns="{X}"><sheetData><row r="2"><c r="B2" t="s"><v>5</v></c></row></sheetData></worksheet>""");
            Feed(workbook.AddNewPart<WorksheetPart>("rS3"), $"""<worksheet xmlns="{X}"><sheetData/></worksheet>""");
            Feed(workbook, $"""
                <workbook xmlns="{X}" xmlns:r="{R}"><sheets>
                <sheet name="Data" sheetId="1" r:id="rS1"/><sheet name="Secret" sheetId="2" state="hidden" r:id="rS2"/><sheet name="Empty" sheetId="3" r:id="rS3"/>
                </sheets></workbook>
                """);
        }

        stream.Position = 0;
        return stream;
    }

    public static MemoryStream Pptx()
    {
        var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            var slide1 = presentation.AddNewPart<SlidePart>("rId1");
            var slide2 = presentation.AddNewPart<SlidePart>("rId2");
            var layout = slide1.AddNewPart<SlideLayoutPart>("rL");
            slide2.AddPart(layout, "rL");
            Feed(layout, $"""
                <p:sldLayout xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree>
                {Shape("<p:ph type=\"body\" idx=\"1\"/>", 1_500_000, 0, "")}
                </p:spTree></p:cSld></p:sldLayout>
                """);
            Feed(slide1, $"""
                <p:sld xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree>
                {Shape("", 5_000_000, 100, "<a:p><a:r><a:t>Bottom text</a:t></a:r></a:p>")}
                {Shape("<p:ph type=\"ctrTitle\"/>", 2_000_000, 0, "<a:p><a:r><a:t>Deck</a:t></a:r><a:br/><a:r><a:t>Title</a:t></a:r></a:p>")}
                {Shape("", 100, 100, "<a:p><a:r><a:t>Top text</a:t></a:r></a:p>")}
                {Shape("<p:ph idx=\"1\"/>", null, null,
                    "<a:p><a:r><a:t>Point one</a:t></a:r></a:p><a:p><a:pPr lvl=\"1\"/><a:r><a:t>Sub point</a:t></a:r></a:p><a:p><a:pPr><a:buNone/></a:pPr><a:r><a:t>Plain</a:t></a:r></a:p>")}
                </p:spTree></p:cSld></p:sld>
                """);
            Feed(slide2, $"""
                <p:sld xmlns:p="{P}" xmlns:a="{A}" show="0"><p:cSld><p:spTree>
                {Shape("<p:ph type=\"title\"/>", 0, 0, "<a:p><a:r><a:t>Table slide</a:t></a:r></a:p>")}
                <p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="9" name="T"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>
                  <p:xfrm><a:off x="0" y="1000000"/><a:ext cx="100" cy="100"/></p:xfrm>
                  <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1"/>
                    <a:tr h="1">{Cell("H1")}{Cell("H2")}{Cell("H3")}</a:tr>
                    <a:tr h="1">{Cell("wide", "gridSpan=\"2\"")}{Cell("", "hMerge=\"1\"")}{Cell("tall", "rowSpan=\"2\"")}</a:tr>
                    <a:tr h="1">{Cell("d")}{Cell("e")}{Cell("", "vMerge=\"1\"")}</a:tr>
                  </a:tbl></a:graphicData></a:graphic></p:graphicFrame>
                <p:grpSp><p:nvGrpSpPr><p:cNvPr id="7" name="G"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>
                  <p:grpSpPr><a:xfrm><a:off x="0" y="4000000"/><a:ext cx="10" cy="10"/><a:chOff x="0" y="0"/><a:chExt cx="10" cy="10"/></a:xfrm></p:grpSpPr>
                  {Shape("", 5, 0, "<a:p><a:r><a:t>Group second</a:t></a:r></a:p>")}
                  {Shape("", 1, 0, "<a:p><a:r><a:t>Group first</a:t></a:r></a:p>")}
                </p:grpSp>
                </p:spTree></p:cSld></p:sld>
                """);
            Feed(slide2.AddNewPart<NotesSlidePart>(), $"""
                <p:notes xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree>
                {Shape("<p:ph type=\"sldImg\"/>", 0, 0, "")}
                {Shape("<p:ph type=\"body\" idx=\"1\"/>", 0, 0, "<a:p><a:r><a:t>Speaker notes here</a:t></a:r></a:p>")}
                </p:spTree></p:cSld></p:notes>
                """);
            Feed(presentation, $"""
                <p:presentation xmlns:p="{P}" xmlns:r="{R}"><p:sldIdLst><p:sldId id="256" r:id="rId1"/><p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>
                """);
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>A valid DOCX plus one extra part of <paramref name="bytes"/> zeros: tiny compressed, huge inflated.</summary>
    public static MemoryStream WithPaddingPart(MemoryStream package, int bytes)
    {
        var copy = new MemoryStream();
        package.CopyTo(copy);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("word/media/padding.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < bytes; written += zeros.Length)
            {
                entry.Write(zeros, 0, Math.Min(zeros.Length, bytes - written));
            }
        }

        copy.Position = 0;
        return copy;
    }

    private static string Shape(string placeholder, long? y, long? x, string paragraphs) => $"""
        <p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>{placeholder}</p:nvPr></p:nvSpPr>
        <p:spPr>{(y is null ? string.Empty : $"<a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"10\" cy=\"10\"/></a:xfrm>")}</p:spPr>
        <p:txBody><a:bodyPr/>{paragraphs}</p:txBody></p:sp>
        """;

    private static string Cell(string text, string attributes = "") =>
        $"<a:tc {attributes}><a:txBody><a:bodyPr/><a:p>{(text.Length > 0 ? $"<a:r><a:t>{text}</a:t></a:r>" : string.Empty)}</a:p></a:txBody></a:tc>";

    private static void Feed(OpenXmlPart part, string xml)
    {
        using var data = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        part.FeedData(data);
    }
}
