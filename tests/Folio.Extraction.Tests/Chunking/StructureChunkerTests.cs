using System.Text.RegularExpressions;
using Folio.Extraction;
using Folio.Extraction.Chunking;

namespace Folio.Extraction.Tests.Chunking;

public sealed class StructureChunkerTests
{
    private static ParsedDocument Document(params (BlockKind Kind, string Text, int? Level)[] blocks)
    {
        var builder = new ParsedDocumentBuilder("a.txt", "text/plain");
        foreach (var (kind, text, level) in blocks)
        {
            builder.Add(kind, text, 1, level);
        }

        return builder.Build();
    }

    private static string Words(string stem, int count) => string.Join(' ', Enumerable.Range(1, count).Select(i => stem + i));

    private static IReadOnlyList<Chunk> Chunk(ParsedDocument document, int maxTokens = 254, int minTokens = 0, int headingDepth = 3, ITokenCounter? counter = null) =>
        new StructureChunker(counter ?? TestTokenCounter.Words, new ChunkingOptions { MaxTokens = maxTokens, MinTokens = minTokens, MaxHeadingDepth = headingDepth })
            .Chunk(document, "doc-1");

    [Fact]
    public void Sections_start_chunks_and_carry_their_heading_path()
    {
        var document = Document(
            (BlockKind.Title, "Guide", null),
            (BlockKind.Heading, "Install", 1),
            (BlockKind.Paragraph, "Run the installer.", null),
            (BlockKind.Heading, "Linux", 2),
            (BlockKind.Paragraph, "Use the package.", null),
            (BlockKind.PageFooter, "Page 1", null),
            (BlockKind.Heading, "Use", 1),
            (BlockKind.Paragraph, "Open it.", null));

        var chunks = Chunk(document);

        Assert.Equal(
            [("", "Guide\n\nInstall\n\nRun the installer."), ("Guide > Install", "Linux\n\nUse the package."), ("Guide", "Use\n\nOpen it.")],
            chunks.Select(c => (c.HeadingPath, c.Text)));
        Assert.All(chunks, c => Assert.Equal(document.Text[c.Start..c.End], c.Text));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("Page 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Heading_path_keeps_the_innermost_levels()
    {
        var document = Document(
            (BlockKind.Heading, "A", 1), (BlockKind.Heading, "B", 2), (BlockKind.Heading, "C", 3),
            (BlockKind.Paragraph, "one two", null), (BlockKind.Paragraph, Words("w", 30), null));

        var chunks = Chunk(document, maxTokens: 20, headingDepth: 2);

        Assert.Equal("", chunks[0].HeadingPath);
        Assert.All(chunks.Skip(1), c => Assert.Equal("B > C", c.HeadingPath));
    }

    [Fact]
    public void A_heading_repeating_the_title_appears_once_in_the_path()
    {
        var document = Document((BlockKind.Title, "Manual", null), (BlockKind.Heading, "Manual", 1), (BlockKind.Paragraph, "text", null), (BlockKind.Heading, "Part", 2), (BlockKind.Paragraph, "more", null));

        Assert.Equal("Manual", Chunk(document)[^1].HeadingPath);
    }

    [Fact]
    public void Small_sections_merge_below_the_minimum()
    {
        var document = Document((BlockKind.Heading, "A", 1), (BlockKind.Paragraph, "short", null), (BlockKind.Heading, "B", 1), (BlockKind.Paragraph, "also short", null));

        Assert.Single(Chunk(document, minTokens: 10));
        Assert.Equal(2, Chunk(document, minTokens: 0).Count);
    }

    [Fact]
    public void Packs_blocks_within_the_budget()
    {
        var document = Document(Enumerable.Range(0, 40).Select(i => (BlockKind.Paragraph, Words($"p{i}w", 7), (int?)null)).ToArray());

        var chunks = Chunk(document, maxTokens: 30);

        Assert.All(chunks, c => Assert.InRange(TestTokenCounter.Words.CountTokens(c.EmbeddingText), 21, 30));
        Assert.Equal(10, chunks.Count);
    }

    [Fact]
    public void Long_paragraph_is_split_at_sentences_with_exact_spans()
    {
        var sentences = Enumerable.Range(1, 30).Select(i => $"Sentence {i} has exactly six words.");
        var document = Document((BlockKind.Heading, "Intro", 1), (BlockKind.Paragraph, string.Join(' ', sentences), null));

        var chunks = Chunk(document, maxTokens: 20);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c =>
        {
            Assert.Equal(document.Text[c.Start..c.End], c.Text);
            Assert.True(TestTokenCounter.Words.CountTokens(c.EmbeddingText) <= 20);
            Assert.EndsWith("words.", c.Text, StringComparison.Ordinal);
        });
        Assert.StartsWith("Intro\n\nSentence 1 ", chunks[0].Text, StringComparison.Ordinal);
        Assert.All(chunks.Skip(1), c => Assert.Equal("Intro", c.HeadingPath));
    }

    [Fact]
    public void Sentence_without_breaks_is_split_at_words()
    {
        var document = Document((BlockKind.Paragraph, Words("word", 100), null));

        var chunks = Chunk(document, maxTokens: 16);

        Assert.Equal(7, chunks.Count);
        Assert.All(chunks, c => Assert.Matches(@"^word\d+( word\d+)*$", c.Text));
        Assert.Equal(Words("word", 100), string.Join(' ', chunks.Select(c => c.Text)));
    }

    [Fact]
    public void A_word_over_the_budget_is_cut_between_characters()
    {
        var document = Document((BlockKind.Paragraph, "start " + new string('x', 500) + " end", null));

        var chunks = Chunk(document, maxTokens: 16, counter: TestTokenCounter.Quarters);

        Assert.All(chunks, c => Assert.True(TestTokenCounter.Quarters.CountTokens(c.EmbeddingText) <= 16));
        Assert.Equal(document.Text.Replace(" ", "", StringComparison.Ordinal), string.Concat(chunks.Select(c => c.Text.Replace(" ", "", StringComparison.Ordinal))));
    }

    [Fact]
    public void Table_continuations_repeat_the_header_and_never_split_a_row()
    {
        var builder = new ParsedDocumentBuilder("a.csv", "text/csv");
        builder.Add(BlockKind.Heading, "Prices", 1);
        var rows = new List<TableRow> { new([new TableCell("Item"), new TableCell("Price")], IsHeader: true) };
        rows.AddRange(Enumerable.Range(1, 40).Select(i => new TableRow([new TableCell($"item {i}"), new TableCell($"{i} euro")])));
        builder.AddTable(rows, 1);
        var document = builder.Build();

        var chunks = Chunk(document, maxTokens: 30);

        Assert.True(chunks.Count > 3);
        Assert.StartsWith("Prices\n\nItem | Price\nitem 1 | 1 euro", chunks[0].Text, StringComparison.Ordinal);
        Assert.Equal(document.Text[chunks[0].Start..chunks[0].End], chunks[0].Text);
        var rowTexts = rows.Select(r => r.ToText()).ToHashSet();
        foreach (var chunk in chunks.Skip(1))
        {
            Assert.StartsWith("Item | Price\n", chunk.Text, StringComparison.Ordinal);
            Assert.Equal("Item | Price\n" + document.Text[chunk.Start..chunk.End], chunk.Text);
            Assert.All(chunk.Text.Split('\n'), line => Assert.Contains(line, rowTexts));
            Assert.Equal("Prices", chunk.HeadingPath);
            Assert.True(TestTokenCounter.Words.CountTokens(chunk.EmbeddingText) <= 30);
        }

        Assert.Equal(rows.Skip(1).Select(r => r.ToText()), chunks.SelectMany(c => c.Text.Split('\n')).Where(l => l.StartsWith("item", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_row_over_the_budget_is_cut_between_cells()
    {
        var builder = new ParsedDocumentBuilder("a.csv", "text/csv");
        var wide = new TableRow(Enumerable.Range(1, 12).Select(i => new TableCell($"cell {i} text")).ToList());
        builder.AddTable([new TableRow([new TableCell("h1"), new TableCell("h2")], IsHeader: true), wide, new TableRow([new TableCell("last"), new TableCell("row")])], 1);
        var document = builder.Build();

        var chunks = Chunk(document, maxTokens: 20);

        var cellChunks = chunks.Where(c => c.Text.Contains("cell", StringComparison.Ordinal)).ToList();
        Assert.True(cellChunks.Count >= 2);
        Assert.All(chunks, c => Assert.True(TestTokenCounter.Words.CountTokens(c.EmbeddingText) <= 20));
        Assert.All(cellChunks, c => Assert.Matches(@"^(h1 \| h2\n)?cell \d+ text( \| cell \d+ text)*$", c.Text));
        Assert.Equal(wide.ToText(), string.Join(" | ", cellChunks.Select(c => document.Text[c.Start..c.End])));
    }

    [Fact]
    public void Ids_are_stable_and_depend_on_the_key()
    {
        var document = Document(Enumerable.Range(0, 10).Select(i => (BlockKind.Paragraph, Words($"p{i}w", 9), (int?)null)).ToArray());
        var chunker = new StructureChunker(TestTokenCounter.Words, new ChunkingOptions { MaxTokens = 20 });

        var first = chunker.Chunk(document, "key-a");
        var again = chunker.Chunk(document, "key-a");
        var other = chunker.Chunk(document, "key-b");

        Assert.Equal(first.Select(c => c.Id), again.Select(c => c.Id));
        Assert.Equal(first.Count, first.Select(c => c.Id).Distinct().Count());
        Assert.Empty(first.Select(c => c.Id).Intersect(other.Select(c => c.Id)));
        Assert.All(first, c => Assert.Matches(new Regex("^c_[0-9a-f]{16}$"), c.Id));
        Assert.Equal(Enumerable.Range(0, first.Count), first.Select(c => c.Index));
    }

    [Fact]
    public void Each_block_is_counted_about_once()
    {
        var counter = new TestTokenCounter(t => t.Split(' ').Length);
        var document = Document(Enumerable.Range(0, 200).Select(i => (BlockKind.Paragraph, Words($"p{i}w", 5), (int?)null)).ToArray());

        new StructureChunker(counter, new ChunkingOptions { MaxTokens = 64 }).Chunk(document, "k");

        Assert.InRange(counter.Calls, 200, 260);
    }

    [Fact]
    public void Empty_document_has_no_chunks()
    {
        Assert.Empty(Chunk(Document()));
    }
}
