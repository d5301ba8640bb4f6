using Folio.Extraction;
using Folio.Extraction.Text;

namespace Folio.Extraction.Tests.Text;

public sealed class MarkdownParserTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "# Title\n\nSome *emphasis* and **bold** text.", ["Heading1: Title", "Paragraph: Some emphasis and bold text."] },
        { "Setext\n======\n\nSub\n---\n\nbody", ["Heading1: Setext", "Heading2: Sub", "Paragraph: body"] },
        { "See [the docs](https://example.com/docs) and ![logo](x.png).", ["Paragraph: See the docs and logo."] },
        { "line one\nline two", ["Paragraph: line one line two"] },
        { "- a\n- b\n  - b1\n    - b11\n- c", ["ListItem1: a", "ListItem1: b", "ListItem2: b1", "ListItem3: b11", "ListItem1: c"] },
        { "1. first\n\n   more about first\n2. second", ["ListItem1: first", "Paragraph: more about first", "ListItem1: second"] },
        { "```csharp\nvar x = 1;\nvar y = 2;\n```", ["Paragraph: var x = 1;⏎var y = 2;"] },
        { "    indented code\n    second line", ["Paragraph: indented code⏎second line"] },
        { "> quoted **text**\n>\n> second", ["Paragraph: quoted text", "Paragraph: second"] },
        { "---\ntitle: Front\n---\n# Real\n", ["Heading1: Real"] },
        { "<div align=\"center\">\n<b>Hello</b> &amp; bye\n</div>\n\n<!-- hidden -->\n\ntext", ["Paragraph: Hello & bye", "Paragraph: text"] },
        { "a `code` span and <span>inline html</span>", ["Paragraph: a code span and inline html"] },
        { "[ref]: https://example.com\n\n***\n\nafter", ["Paragraph: after"] },
        { "hard  \nbreak", ["Paragraph: hard⏎break"] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocks_are_the_visible_structure(string markdown, string[] expected)
    {
        var document = TextParse.Run(new MarkdownParser(new ParsingOptions()), markdown, "a.md");

        Assert.Equal(expected, TextParse.Render(document));
    }

    [Fact]
    public void Pipe_tables_keep_header_rows_and_cells()
    {
        var document = TextParse.Run(new MarkdownParser(new ParsingOptions()), "| Name | *Qty* |\n|---|---:|\n| apple | 3 |\n| [pear](p) | 4 |\n", "a.md");

        var table = Assert.Single(document.Blocks);
        Assert.Equal(BlockKind.Table, table.Kind);
        Assert.Equal("Name | Qty\napple | 3\npear | 4", table.Text);
        Assert.Equal([true, false, false], table.Rows!.Select(r => r.IsHeader));
    }

    [Fact]
    public void Deep_nesting_stops_with_a_warning()
    {
        var markdown = string.Concat(Enumerable.Repeat("> ", 20)) + "deep";
        var document = TextParse.Run(new MarkdownParser(new ParsingOptions { MaxNestingDepth = 5 }), markdown, "a.md");

        Assert.Empty(document.Blocks);
        Assert.Single(document.Warnings);
    }
}
