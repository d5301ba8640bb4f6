using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Folio.Retrieval.Search;

namespace Folio.Retrieval.Tests.Search;

public sealed class EvidenceLocatorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-evidence-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, int, string, string> Cases => new()
    {
        // chunk text, document offset of the chunk's span, query, expected quote
        { "The pump must be\ninspected every 500 hours. Grease the bearings yearly.", 100, "how often is the pump inspected", "The pump must be\ninspected every 500 hours." },
        { "Intro line.\n\nGrease the bearings with lithium grease. Nothing else.", 0, "grease bearings", "Grease the bearings with lithium grease." },
        { "Item | Price\nValve | 12.50\nGasket | 3.10", 40, "gasket price", "Gasket | 3.10" },
        { "Nothing in common here.", 7, "zebra", "Nothing in common here." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_best_sentence_or_row_is_located_exactly_in_the_document(string text, int start, string query, string quote)
    {
        // A table continuation chunk prefixes its header row: its span covers the rows only.
        var span = text.StartsWith("Item | Price\n", StringComparison.Ordinal) ? text["Item | Price\n".Length..] : text;
        var documentText = new string('x', start) + span;
        var chunk = new IndexedChunk("c_1", "d_1", "col", "f.txt", 0, text, "", 1, 1, start, start + span.Length, new Dictionary<string, string>());

        var evidence = new EvidenceLocator(new DocumentFiles(_folder)).Locate(chunk, query);

        Assert.Equal(quote, evidence.Quote);
        Assert.Equal(quote, documentText[evidence.Start..evidence.End]);
        Assert.Null(evidence.Bbox);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
