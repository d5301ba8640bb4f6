using Folio.Extraction;
using Folio.Retrieval.Documents;

namespace Folio.Retrieval.Tests.Documents;

/// <summary><see cref="DocumentFiles.ReadPageWords"/>: a page's stored word boxes, found by page and read a slice at a time.</summary>
public sealed class PageWordsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-words-" + Guid.NewGuid().ToString("N"));

    // Words at offsets 0, 10, 20, … on pages 1, 1, 2, 2, 2, 4 (page 3 has no text layer).
    private static readonly int[] Pages = [1, 1, 2, 2, 2, 4];

    private async Task<DocumentFiles> StoredAsync()
    {
        var files = new DocumentFiles(_folder);
        // The document's folder exists once its original is stored; this test stores only the parse.
        Directory.CreateDirectory(Path.Combine(_folder, "documents", "d_1"));
        var words = Pages.Select((page, i) => new WordBox(i * 10, (i * 10) + 5, page, new BoundingBox(i, i, i + 5, i + 5))).ToList();
        var text = new string('w', Pages.Length * 10);
        await files.SaveParsedAsync("d_1", new ParsedDocument("f.pdf", "application/pdf", 4, text, [], [3], [], [], words));
        return files;
    }

    [Theory]
    [InlineData(1, 0, 100, new[] { 0, 10 })]
    [InlineData(2, 0, 100, new[] { 20, 30, 40 })]
    [InlineData(2, 1, 1, new[] { 30 })]
    [InlineData(2, 2, 100, new[] { 40 })]
    [InlineData(2, 3, 100, new int[0])]
    [InlineData(2, int.MaxValue, 100, new int[0])]
    [InlineData(3, 0, 100, new int[0])]
    [InlineData(4, 0, 100, new[] { 50 })]
    [InlineData(5, 0, 100, new int[0])]
    public async Task A_page_answers_its_own_words_from_the_skipped_one(int page, int skip, int take, int[] starts)
    {
        var files = await StoredAsync();

        var words = files.ReadPageWords("d_1", page, skip, take);

        Assert.NotNull(words);
        Assert.Equal(starts, words.Select(w => w.Start));
        Assert.All(words, w => Assert.Equal(page, w.Page));
    }

    [Fact]
    public void A_document_not_parsed_yet_has_no_words_to_read()
    {
        Assert.Null(new DocumentFiles(_folder).ReadPageWords("d_2", 1, 0, 10));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
