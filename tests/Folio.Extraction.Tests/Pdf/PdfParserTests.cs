using Folio.Extraction.Pdf;

namespace Folio.Extraction.Tests.Pdf;

public sealed class PdfParserTests
{
    private static readonly Lazy<ParsedDocument> Report = new(() =>
        new PdfParser(new ParsingOptions()).Parse(new MemoryStream(PdfFixtures.Report()), "report.pdf"));

    private static ParsedDocument Document => Report.Value;

    private static Block Find(string text) => Document.Blocks.Single(b => b.Text == text);

    [Fact]
    public void Every_block_is_located_exactly_and_already_normalised()
    {
        Assert.NotEmpty(Document.Blocks);
        foreach (var block in Document.Blocks)
        {
            Assert.Equal(block.Text, Document.Text[block.Start..block.End]);
            Assert.Equal(TextNormalizer.Normalize(block.Text), block.Text);
            Assert.NotNull(block.Bbox);
        }
    }

    [Fact]
    public void Title_and_headings_come_from_font_sizes()
    {
        Assert.Equal(BlockKind.Title, Find("Annual Report").Kind);
        var introduction = Find("Introduction");
        var scope = Find("Scope and methods");
        Assert.Equal(BlockKind.Heading, introduction.Kind);
        Assert.Equal(BlockKind.Heading, scope.Kind);
        // The title's size does not count as a heading level.
        Assert.Equal(1, introduction.Level);
        Assert.Equal(2, scope.Level);
        Assert.Null(Find("Annual Report").Level);
        Assert.Equal(BlockKind.Paragraph, Find("Second page body text\ncontinues on this line.").Kind);
    }

    [Fact]
    public void Columns_are_read_one_after_the_other_and_hyphenation_is_joined()
    {
        var left = Find("Left column first line here\nthis long document is about pigs\nand their farms.");
        var right = Find("Right column starts here\nwith more words about\ncows and goats.");
        Assert.True(left.End < right.Start);
        Assert.True(Find("Scope and methods").End < left.Start);
        Assert.DoesNotContain("docu-", Document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_header_and_page_number_footer_are_marked_on_every_page()
    {
        var headers = Document.Blocks.Where(b => b.Text == PdfFixtures.Header).ToList();
        Assert.Equal([1, 2, 3], headers.Select(b => b.Page));
        Assert.All(headers, b => Assert.Equal(BlockKind.PageHeader, b.Kind));
        for (var page = 1; page <= 3; page++)
        {
            var footer = Find($"Page {page}");
            Assert.Equal(BlockKind.PageFooter, footer.Kind);
            Assert.Equal(page, footer.Page);
        }
    }

    [Fact]
    public void Ruled_table_becomes_rows_and_cells()
    {
        var table = Assert.Single(Document.Blocks, b => b.Kind == BlockKind.Table);
        Assert.Equal(3, table.Page);
        Assert.NotNull(table.Rows);
        Assert.Equal(
            [["Animal", "Count", "Farm"], ["Pig", "12", "North"], ["Cow", "7", "South"]],
            table.Rows!.Select(r => r.Cells.Select(c => c.Text).ToArray()).ToArray());
        Assert.True(table.Rows![0].IsHeader);
        Assert.Equal(new BoundingBox(50, 640, 500, 700), table.Bbox);
        // The table's words are not repeated as paragraphs.
        Assert.DoesNotContain(Document.Blocks, b => b.Kind != BlockKind.Table && b.Text.Contains("Animal", StringComparison.Ordinal));
        Assert.Equal(BlockKind.Paragraph, Find("Closing remarks follow the table.").Kind);
    }

    [Fact]
    public void A_span_inside_a_table_maps_to_its_cell_box()
    {
        var table = Assert.Single(Document.Blocks, b => b.Kind == BlockKind.Table);
        var cow = table.Start + table.Text.IndexOf("Cow", StringComparison.Ordinal);

        var (page, box) = Document.FindBox(cow, cow + 3)!.Value;

        Assert.Equal(table.Page, page);
        var tableBox = table.Bbox!.Value;
        Assert.True(box.X0 >= tableBox.X0 && box.X1 <= tableBox.X1 && box.Y0 >= tableBox.Y0 && box.Y1 <= tableBox.Y1, $"{box} inside {tableBox}");
        Assert.True(box.X1 - box.X0 < (tableBox.X1 - tableBox.X0) / 2, "a cell's box is narrower than the table");
    }

    [Fact]
    public void Any_span_maps_to_the_box_of_its_words()
    {
        var title = Find("Annual Report");
        var (page, box) = Document.FindBox(title.Start, title.Start + "Annual".Length)!.Value;
        Assert.Equal(1, page);
        Assert.InRange(box.X0, 49, 52);
        Assert.InRange(box.Y0, 739, 741.5);
        Assert.True(box.X1 < title.Bbox!.Value.X1, "one word's box is narrower than its block's");

        // A span across the joined hyphenation covers both halves, on two lines.
        var start = Document.Text.IndexOf("document", StringComparison.Ordinal);
        var (_, joined) = Document.FindBox(start, start + "document".Length)!.Value;
        Assert.True(joined.Y1 - joined.Y0 > 12, "both lines of the hyphenated word");
    }

    [Fact]
    public void Page_sizes_are_recorded_and_blank_pages_listed()
    {
        Assert.Equal(3, Document.Pages);
        Assert.Equal([1, 2, 3], Document.PageSizes.Select(p => p.Page));
        Assert.All(Document.PageSizes, p => Assert.Equal((595.0, 842.0), (p.Width, p.Height)));

        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.AddPage(200, 200);
        var blank = new PdfParser(new ParsingOptions()).Parse(new MemoryStream(builder.Build()), "blank.pdf");
        Assert.Equal([1], blank.PagesWithoutText);
        Assert.Empty(blank.Blocks);
    }

    [Fact]
    public void Too_many_pages_is_document_too_large()
    {
        var parser = new PdfParser(new ParsingOptions { MaxPages = 2 });
        var error = Assert.Throws<DocumentParseException>(() => parser.Parse(new MemoryStream(PdfFixtures.Report()), "report.pdf"));
        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
    }

    [Fact]
    public void Garbage_is_document_unreadable()
    {
        var bytes = "%PDF-1.7\n1 0 obj garbage endobj\n%%EOF"u8.ToArray();
        var error = Assert.Throws<DocumentParseException>(() => new PdfParser(new ParsingOptions()).Parse(new MemoryStream(bytes), "bad.pdf"));
        Assert.Equal(ParseFailure.DocumentUnreadable, error.Failure);
    }

    [Fact]
    public void Cancellation_is_honoured_between_pages()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new PdfParser(new ParsingOptions()).Parse(new MemoryStream(PdfFixtures.Report()), "report.pdf", cancelled.Token));
    }

    [Fact]
    public void Text_painted_twice_is_read_once()
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(300, 300);
        page.AddText("Fake bold text", 10, new UglyToad.PdfPig.Core.PdfPoint(50, 200), font);
        page.AddText("Fake bold text", 10, new UglyToad.PdfPig.Core.PdfPoint(50.3, 200), font);
        page.AddText("Plain text", 10, new UglyToad.PdfPig.Core.PdfPoint(50, 150), font);
        var document = new PdfParser(new ParsingOptions()).Parse(new MemoryStream(builder.Build()), "bold.pdf");
        Assert.Equal(["Fake bold text", "Plain text"], document.Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Bulleted_lines_become_one_list_item_each()
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        var page = builder.AddPage(300, 300);
        page.AddText("Things to bring:", 10, new UglyToad.PdfPig.Core.PdfPoint(50, 250), font);
        page.AddText("1. a map", 10, new UglyToad.PdfPig.Core.PdfPoint(50, 238), font);
        page.AddText("2. water that", 10, new UglyToad.PdfPig.Core.PdfPoint(50, 226), font);
        page.AddText("lasts all day", 10, new UglyToad.PdfPig.Core.PdfPoint(62, 214), font);
        var document = new PdfParser(new ParsingOptions()).Parse(new MemoryStream(builder.Build()), "list.pdf");
        Assert.Equal(
            [(BlockKind.Paragraph, "Things to bring:"), (BlockKind.ListItem, "1. a map"), (BlockKind.ListItem, "2. water that\nlasts all day")],
            document.Blocks.Select(b => (b.Kind, b.Text)));
    }
}
