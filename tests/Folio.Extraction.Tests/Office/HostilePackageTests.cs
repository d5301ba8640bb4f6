using static Folio.Extraction.Tests.Office.OfficeFixtures;

namespace Folio.Extraction.Tests.Office;

/// <summary>
/// Packages built to get past the guards: parts loaded as trees under names or folders the depth
/// check once skipped, XML that inflates far beyond its ZIP, and merged cells that pad a table's grid.
/// </summary>
public sealed class HostilePackageTests
{
    /// <summary>Deep enough that the SDK, building the tree recursively, would overflow the stack and kill the process.</summary>
    private const int Overflowing = 20_000;

    private static Task<ParsedDocument> ParseAsync(Stream package, string fileName, ParsingOptions? options = null) =>
        DocumentParser.CreateDefault(options ?? new ParsingOptions()).ParseAsync(package, fileName);

    [Fact]
    public async Task A_main_part_without_the_xml_extension_is_read()
    {
        // The attack below relies on this: the SDK opens a main part named by an override, whatever its extension.
        using var package = DocxPackage("<w:p><w:r><w:t>Found by content type</w:t></w:r></w:p>", mainPart: "word/document.dat");

        var document = await ParseAsync(package, "dat.docx");

        Assert.Equal("Found by content type", document.Text);
    }

    [Fact]
    public async Task Deep_nesting_in_a_main_part_without_the_xml_extension_is_document_too_large()
    {
        using var package = DocxPackage(Nested("w:sdt><w:sdtContent", Overflowing), mainPart: "word/document.dat");

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => ParseAsync(package, "deep-dat.docx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Theory]
    [InlineData("utf-16BE", false)]
    [InlineData("utf-32BE", true)]
    public async Task Deep_nesting_in_wide_encodings_is_document_too_large(string encoding, bool byteOrderMark)
    {
        // XML readers detect UTF-16 from "\0<" alone and UTF-32 from its mark, so such parts are as loadable as UTF-8.
        var xml = $"""<?xml version="1.0" encoding="UTF-16BE"?><w:document xmlns:w="{Extraction.Tests.Office.OfficeFixtures.WordNamespace}"><w:body>{Nested("w:sdt><w:sdtContent", Overflowing)}</w:body></w:document>""";
        using var package = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(package, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ContentTypes(("/word/document.xml", DocumentType)), Relationships("_rels/.rels", ("rId1", OfficeDocumentRelationship, "word/document.xml")) })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }

            using var part = zip.CreateEntry("word/document.xml").Open();
            var wide = System.Text.Encoding.GetEncoding(encoding);
            part.Write(byteOrderMark ? wide.GetPreamble() : []);
            part.Write(wide.GetBytes(xml.Replace("UTF-16BE", encoding, StringComparison.Ordinal)));
        }

        package.Position = 0;

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => ParseAsync(package, "wide.docx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public async Task A_workbook_placed_among_the_worksheets_is_read()
    {
        using var package = XlsxPackage("""<row r="1"><c r="A1" t="inlineStr"><is><t>cell text</t></is></c></row>""", workbookPart: "xl/worksheets/workbook.xml");

        var document = await ParseAsync(package, "moved.xlsx");

        Assert.Contains("cell text", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deep_nesting_in_a_workbook_placed_among_the_worksheets_is_document_too_large()
    {
        using var package = XlsxPackage("""<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>""",
            workbookPart: "xl/worksheets/workbook.xml", workbookExtra: $"<extLst>{Nested("ext", Overflowing)}</extLst>");

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => ParseAsync(package, "deep-moved.xlsx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public async Task A_streamed_worksheet_is_exempt_from_the_depth_check_wherever_it_lies()
    {
        // Worksheets are read with the SAX reader, which does not recurse: deep markup there is harmless,
        // and the depth pass over (possibly huge) sheets is skipped by content type, not by folder.
        using var package = XlsxPackage("""<row r="1"><c r="A1" t="inlineStr"><is><t>sheet text</t></is></c></row>""",
            sheetExtra: $"<extLst>{Nested("ext", 2_000)}</extLst>");

        var document = await ParseAsync(package, "deep-sheet.xlsx");

        Assert.Contains("sheet text", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_that_inflates_past_the_loaded_xml_limit_is_refused_before_the_sdk_reads_it()
    {
        // About 100 MB of paragraphs in a ZIP of about 4 MB (26:1, within the compression-ratio limit):
        // as a tree it would take the better part of a gigabyte.
        using var package = DocxOfParagraphs(1_500_000);
        Assert.InRange(package.Length, 1, 10 * 1024 * 1024);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DocumentParseException>(() => new Extraction.Office.DocxParser(new ParsingOptions()).Parse(package, "inflating.docx"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
        Assert.Contains("XML parts read whole", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 16 * 1024 * 1024);
    }

    [Fact]
    public async Task Xml_within_the_loaded_xml_limit_is_read()
    {
        using var package = DocxOfParagraphs(1_000);

        var document = await ParseAsync(package, "ordinary.docx");

        Assert.Equal(1_000, document.Blocks.Count);
    }

    [Fact]
    public async Task Docx_grid_spans_that_pad_a_table_to_millions_of_cells_are_document_too_large()
    {
        // One row of 50 cells spanning 1,000 columns each, then 400 one-cell rows: a 30 KB body, 20M grid cells.
        var wide = string.Concat(Enumerable.Repeat("""<w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p><w:r><w:t>w</w:t></w:r></w:p></w:tc>""", 50));
        var narrow = string.Concat(Enumerable.Repeat("<w:tr><w:tc><w:p><w:r><w:t>n</w:t></w:r></w:p></w:tc></w:tr>", 400));
        using var package = DocxPackage($"<w:tbl><w:tr>{wide}</w:tr>{narrow}</w:tbl>");

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => ParseAsync(package, "spans.docx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public async Task Pptx_grid_spans_that_pad_a_table_to_millions_of_cells_are_document_too_large()
    {
        var wide = string.Concat(Enumerable.Repeat(PptxCell("w", "gridSpan=\"10000\""), 5));
        var narrow = string.Concat(Enumerable.Repeat($"<a:tr h=\"1\">{PptxCell("n")}</a:tr>", 400));
        using var package = PptxTable($"<a:tr h=\"1\">{wide}</a:tr>{narrow}");

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => ParseAsync(package, "spans.pptx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public async Task Pptx_table_with_modest_spans_is_read()
    {
        using var package = PptxTable($"<a:tr h=\"1\">{PptxCell("wide", "gridSpan=\"3\"")}</a:tr><a:tr h=\"1\">{PptxCell("a")}{PptxCell("b")}{PptxCell("c")}</a:tr>");

        var document = await ParseAsync(package, "modest.pptx");

        Assert.Equal(3, document.Blocks.Single(b => b.Kind == BlockKind.Table).Rows![0].Cells[0].ColumnSpan);
    }
}
