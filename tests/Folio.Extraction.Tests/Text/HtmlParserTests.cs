using Folio.Extraction;
using Folio.Extraction.Text;

namespace Folio.Extraction.Tests.Text;

public sealed class HtmlParserTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "<html><head><title>The title</title><style>p{}</style></head><body><h1>Top</h1><p>Hello <b>bold</b>\nworld</p></body></html>",
            ["Title: The title", "Heading1: Top", "Paragraph: Hello bold world"] },
        { "<p>fragment <a href='https://x'>link</a></p><h3>Sub</h3>", ["Paragraph: fragment link", "Heading3: Sub"] },
        { "<ul><li>a</li><li>b<ul><li>b1</li></ul>tail</li></ul>", ["ListItem1: a", "ListItem1: b", "ListItem2: b1", "ListItem1: tail"] },
        { "<div>one<div>two</div>three</div>", ["Paragraph: one", "Paragraph: two", "Paragraph: three"] },
        { "<p>a<br>b</p>", ["Paragraph: a⏎b"] },
        { "<pre>x = 1\n  y = 2</pre>", ["Paragraph: x = 1⏎y = 2"] },
        { "<figure><img src=x><figcaption>Figure 1. A cat</figcaption></figure>", ["Caption: Figure 1. A cat"] },
        { "<blockquote><p>quoted</p></blockquote>", ["Paragraph: quoted"] },
        { "<p>yes</p><script>var x = '<p>no</p>';</script><noscript>no</noscript><template><p>no</p></template>", ["Paragraph: yes"] },
        { "<nav><a href=/>Home</a></nav><footer>© 2024</footer>", ["Paragraph: Home", "Paragraph: © 2024"] },
        { "plain text only", ["Paragraph: plain text only"] },
        { "<p>&amp; &lt;tag&gt; &nbsp;x</p>", ["Paragraph: & <tag> x"] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocks_follow_the_elements(string html, string[] expected)
    {
        var document = TextParse.Run(new HtmlParser(new ParsingOptions()), html, "a.html");

        Assert.Equal(expected, TextParse.Render(document));
    }

    [Fact]
    public void Tables_keep_header_rows_spans_and_flatten_nested_tables()
    {
        const string Html = """
            <table><caption>Prices</caption>
              <thead><tr><th>Item</th><th colspan="2">Cost</th></tr></thead>
              <tbody>
                <tr><td rowspan="2">Pear</td><td>1</td><td>2</td></tr>
                <tr><td><table><tr><td>in</td><td>ner</td></tr></table></td><td>3</td></tr>
              </tbody>
            </table>
            """;

        var document = TextParse.Run(new HtmlParser(new ParsingOptions()), Html, "a.html");

        Assert.Equal(["Caption: Prices", "Table: Item | Cost⏎Pear | 1 | 2⏎in ner | 3"], TextParse.Render(document));
        var rows = document.Blocks[1].Rows!;
        Assert.Equal([true, false, false], rows.Select(r => r.IsHeader));
        Assert.Equal(2, rows[0].Cells[1].ColumnSpan);
        Assert.Equal(2, rows[1].Cells[0].RowSpan);
    }

    [Fact]
    public void Deep_nesting_stops_with_a_warning()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 50)) + "deep" + string.Concat(Enumerable.Repeat("</div>", 50)) + "<p>shallow</p>";

        var document = TextParse.Run(new HtmlParser(new ParsingOptions { MaxNestingDepth = 10 }), html, "a.html");

        Assert.Equal(["Paragraph: shallow"], TextParse.Render(document));
        Assert.Single(document.Warnings);
    }

    [Fact]
    public void Formatting_left_open_before_thousands_of_paragraphs_is_document_too_large()
    {
        // 37 KB that an HTML5 parser would turn into four million reconstructed <b> elements.
        var html = "<p>" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"<b id={i}>")) + string.Concat(Enumerable.Repeat("</p><p>x", 2000));

        var error = Assert.Throws<DocumentParseException>(() => TextParse.Run(new HtmlParser(new ParsingOptions()), html, "bomb.html"));

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
    }

    [Fact]
    public void Closed_formatting_in_many_paragraphs_parses()
    {
        var html = string.Concat(Enumerable.Repeat("<p><b>bold</b> and <a href=#>link</a></p>", 5000));

        var document = TextParse.Run(new HtmlParser(new ParsingOptions()), html, "fine.html");

        Assert.Equal(5000, document.Blocks.Count);
    }
}
