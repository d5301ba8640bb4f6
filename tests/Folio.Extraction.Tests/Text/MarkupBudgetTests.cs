using System.Text;
using Folio.Extraction.Text;

namespace Folio.Extraction.Tests.Text;

/// <summary>HTML and Markdown whose parser trees would cost about 1 KB per byte or two of input: refused before the tree is built.</summary>
public sealed class MarkupBudgetTests
{
    private static (DocumentParseException Error, long Allocated) Refuse(IDocumentParser parser, string text, string fileName)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DocumentParseException>(() => parser.Parse(new MemoryStream(bytes), fileName));
        return (error, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    [Fact]
    public void Html_of_hundreds_of_thousands_of_cells_is_document_too_large_before_parsing()
    {
        // 3 MB of "<td>x": 600,000 elements, 700 MB of DOM.
        var html = "<table><tr>" + string.Concat(Enumerable.Repeat("<td>x", 600_000));

        var (error, allocated) = Refuse(new HtmlParser(new ParsingOptions()), html, "cells.html");

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
        Assert.InRange(allocated, 0, 64L * 1024 * 1024);
    }

    [Fact]
    public void Markdown_of_hundreds_of_thousands_of_table_cells_is_document_too_large_before_parsing()
    {
        // 900 KB of two-cell rows: 400 MB of syntax tree.
        var markdown = "|a|b|\n|-|-|\n" + string.Concat(Enumerable.Repeat("|x|y|\n", 150_000));

        var (error, allocated) = Refuse(new MarkdownParser(new ParsingOptions()), markdown, "cells.md");

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
        Assert.InRange(allocated, 0, 16L * 1024 * 1024);
    }

    [Fact]
    public void Markup_within_the_budget_parses()
    {
        var html = TextParse.Run(new HtmlParser(new ParsingOptions { MaxMarkupElements = 1_000 }), string.Concat(Enumerable.Repeat("<p>x</p>", 500)), "fine.html");
        var markdown = TextParse.Run(new MarkdownParser(new ParsingOptions { MaxMarkupElements = 1_000 }), string.Concat(Enumerable.Repeat("line *x*\n\n", 100)), "fine.md");

        Assert.Equal(500, html.Blocks.Count);
        Assert.Equal(100, markdown.Blocks.Count);
    }
}
