using System.Text;
using Folio.Extraction;
using Folio.Extraction.Text;

namespace Folio.Extraction.Tests.Text;

public sealed class CancellationTests
{
    public static TheoryData<string, string> Inputs => new()
    {
        { "a.md", "# h\n\ntext" },
        { "a.csv", "a,b\n1,2" },
        { "a.html", "<p>text</p>" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_cancelled_parse_stops(string fileName, string text)
    {
        var options = new ParsingOptions();
        IDocumentParser parser = Path.GetExtension(fileName) switch
        {
            ".md" => new MarkdownParser(options),
            ".csv" => new CsvParser(options),
            _ => new HtmlParser(options),
        };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        Assert.ThrowsAny<OperationCanceledException>(() => parser.Parse(stream, fileName, new CancellationToken(canceled: true)));
    }
}
