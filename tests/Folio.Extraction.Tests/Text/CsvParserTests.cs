using Folio.Extraction;
using Folio.Extraction.Text;

namespace Folio.Extraction.Tests.Text;

public sealed class CsvParserTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "a,b,c\n1,2,3\n", "a | b | c\n1 | 2 | 3" },
        { "a;b;c\r\n1,5;2,5;3\r\n", "a | b | c\n1,5 | 2,5 | 3" },
        { "a\tb\n1\t2", "a | b\n1 | 2" },
        { "a|b\n1|2", "a | b\n1 | 2" },
        { "name,quote\nx,\"He said \"\"hi\"\"\"\n", "name | quote\nx | He said \"hi\"" },
        { "k,v\n1,\"line one\nline two\"\n2,\"a,b\"", "k | v\n1 | line one line two\n2 | a,b" },
        { "a,b,c\n1\n1,2,3,4\n", "a | b | c\n1\n1 | 2 | 3 | 4" },
        { "a,b\n\n,\n1,2\n", "a | b\n1 | 2" },
        { "a,b\n1,\"unterminated\n2,3", "a | b\n1 | unterminated 2,3" },
        { "a,b\n1,ab\"c\n", "a | b\n1 | ab\"c" },
        { "a,b\r1,2\r", "a | b\n1 | 2" },
        { "h1,h2\n1,", "h1 | h2\n1 | " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_table_with_the_first_row_as_header(string csv, string expected)
    {
        var document = TextParse.Run(new CsvParser(new ParsingOptions()), csv, "a.csv");

        var table = Assert.Single(document.Blocks);
        Assert.Equal(BlockKind.Table, table.Kind);
        Assert.Equal(expected, table.Text);
        Assert.True(table.Rows![0].IsHeader);
        Assert.All(table.Rows.Skip(1), r => Assert.False(r.IsHeader));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n,,\n")]
    public void No_text_gives_no_blocks(string csv)
    {
        Assert.Empty(TextParse.Run(new CsvParser(new ParsingOptions()), csv, "a.csv").Blocks);
    }

    [Fact]
    public void Text_over_the_limit_is_too_large()
    {
        var csv = string.Concat(Enumerable.Repeat("abcdef,ghijkl\n", 100));

        var error = Assert.Throws<DocumentParseException>(() => TextParse.Run(new CsvParser(new ParsingOptions { MaxTextCharacters = 500 }), csv, "a.csv"));
        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
    }

    [Theory]
    [InlineData("a;b;c\n1,5;2;3\n1;2;3,25", ';')]
    [InlineData("\"x;y\",b\n1,2", ',')]
    [InlineData("just one column\nmore", ',')]
    public void Delimiter_is_detected_from_consistent_rows(string csv, char expected)
    {
        Assert.Equal(expected, CsvReader.DetectDelimiter(csv));
    }

    [Fact]
    public void A_row_wider_than_the_field_limit_is_document_too_large()
    {
        var row = new string(',', 100_000) + "\nend";

        var error = Assert.Throws<DocumentParseException>(() => TextParse.Run(new CsvParser(new ParsingOptions()), row, "wide.csv"));

        Assert.Equal(ParseFailure.DocumentTooLarge, error.Failure);
    }
}
