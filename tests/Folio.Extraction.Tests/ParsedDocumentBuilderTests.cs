using Folio.Extraction;

namespace Folio.Extraction.Tests;

public sealed class ParsedDocumentBuilderTests
{
    [Fact]
    public void Offsets_index_the_document_text()
    {
        var builder = new ParsedDocumentBuilder("a.txt", "text/plain");
        builder.Add(BlockKind.Heading, "  Intro\u00A0 ", 1, level: 1);
        builder.Add(BlockKind.Paragraph, "The \uFB01rst   line", 1);
        builder.AddTable([new TableRow([new TableCell("a"), new TableCell("b\nc")], IsHeader: true)], 2);

        var document = builder.Build();

        Assert.Equal(["Intro", "The first line", "a | b c"], document.Blocks.Select(b => b.Text));
        Assert.All(document.Blocks, b => Assert.Equal(b.Text, document.Text[b.Start..b.End]));
        Assert.Equal(2, document.Pages);
    }

    [Fact]
    public void Empty_blocks_are_dropped()
    {
        var builder = new ParsedDocumentBuilder("a.txt", "text/plain");

        Assert.Null(builder.Add(BlockKind.Paragraph, " \u200B\t ", 1));
        Assert.Null(builder.AddTable([new TableRow([new TableCell(" ")])], 1));
        Assert.Empty(builder.Build().Blocks);
    }

    [Fact]
    public void Located_words_give_the_box_of_a_span()
    {
        var builder = new ParsedDocumentBuilder("a.pdf", "application/pdf");
        builder.Add(BlockKind.Paragraph, "first", 1);
        builder.AddLocated(BlockKind.Paragraph, "hello world", 2,
        [
            new WordBox(0, 5, 2, new BoundingBox(10, 100, 40, 110)),
            new WordBox(6, 11, 2, new BoundingBox(45, 100, 80, 112)),
        ]);

        var document = builder.Build();
        var world = document.Text.IndexOf("world", StringComparison.Ordinal);

        Assert.Equal((2, new BoundingBox(45, 100, 80, 112)), document.FindBox(world, world + 5));
        Assert.Equal((2, new BoundingBox(10, 100, 80, 112)), document.FindBox(world - 3, world + 2));
        Assert.Null(document.FindBox(0, 5));
    }

    [Theory]
    [InlineData("a\u00ADb", "ab")]
    [InlineData("x \n  y", "x\ny")]
    [InlineData("\uFB02ow", "flow")]
    [InlineData("tab\tand\rcr", "tab and cr")]
    public void Normalizer_is_the_documented_mapping_and_idempotent(string input, string expected)
    {
        var once = TextNormalizer.Normalize(input);

        Assert.Equal(expected, once);
        Assert.Equal(once, TextNormalizer.Normalize(once));
    }

    [Fact]
    public async Task More_blocks_than_the_limit_is_document_too_large()
    {
        // Three bytes a block: a small text file that would otherwise hold millions of blocks.
        using var text = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a\n\n", ParsedDocumentBuilder.MaxBlocks + 1))));

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(text, "blocks.txt"));

        Assert.Equal("document_too_large", error.ErrorCode);
    }
}
