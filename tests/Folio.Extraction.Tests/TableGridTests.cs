using System.Text;

namespace Folio.Extraction.Tests;

/// <summary>Ragged rows and spans pad a table's grid: the grid counts against the text limit, and the Markdown writer stops before crossing its limit.</summary>
public sealed class TableGridTests
{
    /// <summary>The review's file: one row of 16,384 fields, then 2,000 one-field rows (36 KB; 98 MB as Markdown).</summary>
    internal static byte[] RaggedCsv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Enumerable.Repeat("a", 16_384)).Append('\n');
        for (var i = 0; i < 2_000; i++)
        {
            csv.Append('b').Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static ParsedDocument Table(params TableRow[] rows)
    {
        var builder = new ParsedDocumentBuilder("t.csv", "text/csv");
        builder.AddTable(rows, 1);
        return builder.Build();
    }

    [Fact]
    public async Task A_ragged_csv_whose_grid_exceeds_the_text_limit_is_document_too_large()
    {
        using var csv = new MemoryStream(RaggedCsv());
        Assert.InRange(csv.Length, 30_000, 40_000);

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(csv, "ragged.csv"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }

    [Fact]
    public async Task The_same_rows_squared_off_are_read()
    {
        // Same text, one field per row: no padding, so nothing to refuse.
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a\n", 16_384)) + string.Concat(Enumerable.Repeat("b\n", 2_000))));

        var document = await DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(csv, "square.csv");

        Assert.Equal(18_384, document.Blocks[0].Rows!.Count);
    }

    [Fact]
    public void A_csv_of_millions_of_empty_fields_is_document_too_large()
    {
        // 5.5 MB of commas: each field a cell object, 16 MB of them took 2 GB before the cell limit.
        var csv = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a" + new string(',', 999) + "\n", 5_500)));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DocumentParseException>(() => new Extraction.Text.CsvParser(new ParsingOptions()).Parse(new MemoryStream(csv), "commas.csv"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
        Assert.Contains("cells", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 512L * 1024 * 1024);
    }

    [Fact]
    public void Grid_counts_the_widest_row_with_its_spans()
    {
        TableRow[] rows = [new([new TableCell("a", ColumnSpan: 3), new TableCell("b")]), new([new TableCell("c")])];

        Assert.Equal(4, TableGrid.Columns(rows));
        Assert.Equal(2 * 4 * TableRow.CellSeparator.Length, TableGrid.MinimumLength(rows));
    }

    [Fact]
    public void Markdown_pads_rows_to_the_widest_and_spans_with_empty_cells()
    {
        var document = Table(
            new TableRow([new TableCell("h|1"), new TableCell("h2"), new TableCell("h3")], IsHeader: true),
            new TableRow([new TableCell("wide", ColumnSpan: 2)]));

        var markdown = MarkdownWriter.Write(document, 10_000);

        Assert.Equal("| h\\|1 | h2 | h3 |\n| --- | --- | --- |\n| wide |  |  |\n\n", markdown.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Markdown_refuses_a_padded_table_over_its_limit_before_drawing_it()
    {
        // Built directly (no parse-time check): the writer alone must hold.
        var rows = new List<TableRow> { new(Enumerable.Repeat(new TableCell("a"), 16_384).ToList(), IsHeader: true) };
        rows.AddRange(Enumerable.Range(0, 2_000).Select(_ => new TableRow([new TableCell("b")])));
        var document = Table([.. rows]);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DocumentParseException>(() => MarkdownWriter.Write(document, 1_000_000));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
        Assert.InRange(allocated, 0, 16 * 1024 * 1024);
    }
}
