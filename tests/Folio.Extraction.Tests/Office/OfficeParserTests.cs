using Folio.Extraction.Office;

namespace Folio.Extraction.Tests.Office;

public sealed class OfficeParserTests
{
    private static readonly ParsingOptions Options = new();

    [Fact]
    public void Docx_structure_pages_and_offsets()
    {
        var document = new DocxParser(Options).Parse(OfficeFixtures.Docx(), "report.docx");

        AssertExactOffsets(document);
        Assert.Equal(
        [
            (BlockKind.PageHeader, "Acme Confidential", null, 1),
            (BlockKind.Title, "Quarterly Report", null, 1),
            (BlockKind.Heading, "Introduction", 1, 1),
            (BlockKind.Paragraph, "Body with a note.", null, 1),
            (BlockKind.Note, "A footnote.", null, 1),
            (BlockKind.ListItem, "First item", 1, 1),
            (BlockKind.ListItem, "Nested item", 2, 1),
            (BlockKind.Paragraph, "Before break", null, 1),
            (BlockKind.Heading, "Details", 2, 2),
            (BlockKind.Heading, "Direct outline", 3, 2),
            (BlockKind.Paragraph, "Anchor", null, 2),
            (BlockKind.Paragraph, "Boxed text", null, 2),
            (BlockKind.Table, "Name | Qty | Note\nAcross | x\nDown | 1 | in1; in2\n2 | z", null, 2),
            (BlockKind.Heading, "Appendix", 1, 3),
            (BlockKind.PageFooter, "Footer line", null, 3),
        ], document.Blocks.Select(b => (b.Kind, b.Text, b.Level, b.Page)));
        Assert.Equal(3, document.Pages);

        var table = document.Blocks.Single(b => b.Kind == BlockKind.Table).Rows!;
        Assert.Equal([3, 2, 3, 2], table.Select(r => r.Cells.Count));
        Assert.Equal([true, false, false, false], table.Select(r => r.IsHeader));
        Assert.Equal(2, table[1].Cells[0].ColumnSpan);
        Assert.Equal(2, table[2].Cells[0].RowSpan);
    }

    [Fact]
    public void Xlsx_sheets_values_merges_and_hidden_sheets()
    {
        var document = new XlsxParser(Options).Parse(OfficeFixtures.Xlsx(), "book.xlsx");

        AssertExactOffsets(document);
        Assert.Equal(
        [
            (BlockKind.Heading, "Data", 1, 1),
            (BlockKind.Table, "Name | Amount | Date | Share | \nAlice | 2 | 2023-03-15 | 12.50% | \nBob | TRUE | 0.3 |  | #DIV/0!\nMerged | 2023-03-15 12:00 | 3.14159 | ", (int?)null, 1),
            (BlockKind.Heading, "Secret (hidden)", 1, 2),
            (BlockKind.Table, "Secret value", null, 2),
        ], document.Blocks.Select(b => (b.Kind, b.Text, b.Level, b.Page)));
        Assert.Equal(3, document.Pages);
        Assert.Contains("Sheet 'Secret' is hidden", document.Warnings);

        var rows = document.Blocks[1].Rows!;
        Assert.Equal([5, 5, 5, 4], rows.Select(r => r.Cells.Count));
        Assert.True(rows[0].IsHeader);
        Assert.Equal(2, rows[3].Cells[0].ColumnSpan);
    }

    [Fact]
    public void Pptx_titles_reading_order_bullets_tables_and_notes()
    {
        var document = new PptxParser(Options).Parse(OfficeFixtures.Pptx(), "deck.pptx");

        AssertExactOffsets(document);
        Assert.Equal(
        [
            (BlockKind.Heading, "Deck Title", 1, 1),
            (BlockKind.Paragraph, "Top text", null, 1),
            (BlockKind.ListItem, "Point one", 1, 1),
            (BlockKind.ListItem, "Sub point", 2, 1),
            (BlockKind.Paragraph, "Plain", null, 1),
            (BlockKind.Paragraph, "Bottom text", null, 1),
            (BlockKind.Heading, "Table slide", 1, 2),
            (BlockKind.Table, "H1 | H2 | H3\nwide | tall\nd | e", null, 2),
            (BlockKind.Paragraph, "Group first", null, 2),
            (BlockKind.Paragraph, "Group second", null, 2),
            (BlockKind.Note, "Speaker notes here", null, 2),
        ], document.Blocks.Select(b => (b.Kind, b.Text, b.Level, b.Page)));
        Assert.Contains("Slide 2 is hidden", document.Warnings);

        var rows = document.Blocks.Single(b => b.Kind == BlockKind.Table).Rows!;
        Assert.Equal([3, 2, 2], rows.Select(r => r.Cells.Count));
        Assert.Equal((2, 1), (rows[1].Cells[0].ColumnSpan, rows[1].Cells[0].RowSpan));
        Assert.Equal(2, rows[1].Cells[1].RowSpan);
        Assert.True(rows[0].IsHeader);
    }

    [Fact]
    public async Task A_highly_compressed_part_is_document_too_large()
    {
        using var bomb = OfficeFixtures.WithPaddingPart(OfficeFixtures.Docx(), 8 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<DocumentParseException>(() =>
            DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(bomb, "bomb.docx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public async Task Element_nesting_that_would_overflow_the_sdk_stack_is_document_too_large()
    {
        // 20,000 nested content controls: a 10 KB file whose tree the SDK would build recursively until
        // the process dies of a stack overflow.
        var body = string.Concat(Enumerable.Repeat("<w:sdt><w:sdtContent>", 20_000)) + string.Concat(Enumerable.Repeat("</w:sdtContent></w:sdt>", 20_000));
        using var deep = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(deep, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(xml);
            }

            Add("[Content_Types].xml", """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            Add("word/document.xml", $"""<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>""");
        }

        deep.Position = 0;

        var error = await Assert.ThrowsAsync<DocumentParseException>(() =>
            DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(deep, "deep.docx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public async Task A_sheet_of_a_few_far_apart_cells_is_document_too_large_not_millions_of_empty_cells()
    {
        // Columns A and XFD on 1,000 rows: a few KB that would become 16 million table cells.
        var rows = string.Concat(Enumerable.Range(1, 1000).Select(r => $"""<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>a</t></is></c><c r="XFD{r}" t="inlineStr"><is><t>z</t></is></c></row>"""));
        using var sparse = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(sparse, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(xml);
            }

            Add("[Content_Types].xml", """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", """<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sparse" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            Add("xl/worksheets/sheet1.xml", $"""<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>""");
        }

        sparse.Position = 0;

        var error = await Assert.ThrowsAsync<DocumentParseException>(() =>
            DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(sparse, "sparse.xlsx"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public void Total_uncompressed_size_over_the_limit_is_document_too_large()
    {
        var error = Assert.Throws<DocumentParseException>(() =>
            new XlsxParser(new ParsingOptions { MaxUncompressedBytes = 1000 }).Parse(OfficeFixtures.Xlsx(), "book.xlsx"));

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
    }

    [Fact]
    public void More_slides_than_the_page_limit_is_document_too_large()
    {
        var error = Assert.Throws<DocumentParseException>(() =>
            new PptxParser(new ParsingOptions { MaxPages = 1 }).Parse(OfficeFixtures.Pptx(), "deck.pptx"));

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
    }

    [Fact]
    public void Tables_nested_past_the_depth_limit_are_cut_with_a_warning()
    {
        var document = new DocxParser(new ParsingOptions { MaxNestingDepth = 4 }).Parse(OfficeFixtures.Docx(), "report.docx");

        AssertExactOffsets(document);
        Assert.Contains(document.Warnings, w => w.Contains("nested deeper than 4", StringComparison.Ordinal));
        Assert.DoesNotContain("in1", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_xml_is_document_unreadable()
    {
        using var damaged = new MemoryStream();
        OfficeFixtures.Docx().CopyTo(damaged);
        using (var zip = new System.IO.Compression.ZipArchive(damaged, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write("<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body><w:p>");
        }

        damaged.Position = 0;
        var error = Assert.Throws<DocumentParseException>(() => new DocxParser(Options).Parse(damaged, "bad.docx"));

        Assert.Equal(ParseFailure.DocumentUnreadable, error.Failure);
    }

    [Fact]
    public void A_relationship_to_a_missing_part_is_dropped_not_fatal()
    {
        using var package = new MemoryStream();
        OfficeFixtures.Docx().CopyTo(package);
        using (var zip = new System.IO.Compression.ZipArchive(package, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var rels = zip.GetEntry("word/_rels/document.xml.rels")!;
            string xml;
            using (var reader = new StreamReader(rels.Open()))
            {
                xml = reader.ReadToEnd();
            }

            rels.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("word/_rels/document.xml.rels").Open());
            writer.Write(xml.Replace("</Relationships>",
                "<Relationship Id=\"rGone\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/gone.png\"/></Relationships>",
                StringComparison.Ordinal));
        }

        package.Position = 0;
        var document = new DocxParser(Options).Parse(package, "stripped.docx");

        Assert.Contains(document.Blocks, b => b.Text == "Quarterly Report");
    }

    [Theory]
    [InlineData(14, null, "45000", "2023-03-15")]
    [InlineData(22, null, "45000.25", "2023-03-15 06:00")]
    [InlineData(164, "dd/mm/yyyy", "1", "1900-01-01")]
    [InlineData(164, "[h]:mm", "0.5", "12:00")]
    [InlineData(164, "\"m\"0.0", "2.25", "2.25")]
    [InlineData(164, "0.0%", "0.1234", "12.3%")]
    [InlineData(0, null, "0.1", "0.1")]
    [InlineData(0, null, "1E+21", "1E+21")]
    [InlineData(2, null, "not a number", "not a number")]
    public void Number_formats_render_dates_percentages_and_numbers(int id, string? code, string raw, string expected) =>
        Assert.Equal(expected, XlsxNumberFormat.From(id, code).Render(raw, date1904: false));

    internal static void AssertExactOffsets(ParsedDocument document) =>
        Assert.All(document.Blocks, b => Assert.Equal(b.Text, document.Text[b.Start..b.End]));
}
