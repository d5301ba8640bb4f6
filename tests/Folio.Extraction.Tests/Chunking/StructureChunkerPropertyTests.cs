using CsCheck;
using Folio.Extraction;
using Folio.Extraction.Chunking;

namespace Folio.Extraction.Tests.Chunking;

public sealed class StructureChunkerPropertyTests
{
    private static readonly string[] Vocabulary =
        ["alpha", "beta", "gamma.", "delta", "epsilon?", "zeta", "eta", "theta!", "iota", "kappa", "lambda.", "mu", "x", "Dr.", "supercalifragilisticexpialidocious"];

    private static readonly BlockKind[] Kinds =
        [BlockKind.Title, BlockKind.Heading, BlockKind.Paragraph, BlockKind.Paragraph, BlockKind.ListItem, BlockKind.Table, BlockKind.PageHeader, BlockKind.PageFooter, BlockKind.Caption];

    /// <summary>One generated block: its kind, a level, its words (indexes into the vocabulary) and, for tables, a row width.</summary>
    private static readonly Gen<(int Kind, int Level, int[] Words, int Width)> Block =
        Gen.Select(Gen.Int[0, Kinds.Length - 1], Gen.Int[1, 4], Gen.Int[0, Vocabulary.Length - 1].Array[1, 150], Gen.Int[1, 6]);

    private static ParsedDocument Build((int Kind, int Level, int[] Words, int Width)[] blocks)
    {
        var builder = new ParsedDocumentBuilder("g.txt", "text/plain");
        var page = 1;
        foreach (var (kindIndex, level, wordIndexes, width) in blocks)
        {
            var words = wordIndexes.Select(i => Vocabulary[i]).ToList();
            var kind = Kinds[kindIndex];
            page += level == 4 ? 1 : 0;
            if (kind == BlockKind.Table)
            {
                var rows = words.Chunk(width * 2)
                    .Select((row, r) => new TableRow(row.Chunk(2).Select(cell => new TableCell(string.Join(' ', cell))).ToList(), IsHeader: r == 0 && level > 1))
                    .ToList();
                builder.AddTable(rows, page);
            }
            else
            {
                builder.Add(kind, string.Join(level == 3 ? '\n' : ' ', words), page, kind is BlockKind.Heading or BlockKind.ListItem ? level : null);
            }
        }

        return builder.Build();
    }

    [Fact]
    public void Chunks_fit_are_ordered_located_and_cover_every_block()
    {
        var gen = Gen.Select(Block.Array[0, 25], Gen.Int[16, 90], Gen.Bool, Gen.Int[0, 40]);
        gen.Sample((blocks, maxTokens, quarters, minTokens) =>
        {
            var counter = quarters ? TestTokenCounter.Quarters : TestTokenCounter.Words;
            var document = Build(blocks);
            var chunks = new StructureChunker(counter, new ChunkingOptions { MaxTokens = maxTokens, MinTokens = minTokens }).Chunk(document, "k");

            var previousEnd = 0;
            foreach (var chunk in chunks)
            {
                Assert.True(counter.CountTokens(chunk.EmbeddingText) <= maxTokens, $"chunk {chunk.Index} over budget: {chunk.EmbeddingText}");
                Assert.InRange(chunk.Start, previousEnd, chunk.End);
                Assert.True(chunk.End <= document.Text.Length);
                var span = document.Text[chunk.Start..chunk.End];
                Assert.True(chunk.Text == span || chunk.Text.EndsWith("\n" + span, StringComparison.Ordinal), $"chunk {chunk.Index} text is not its span");
                Assert.True(chunk.Page <= chunk.LastPage);
                previousEnd = chunk.End;
            }

            var covered = new bool[document.Text.Length];
            foreach (var chunk in chunks)
            {
                Array.Fill(covered, true, chunk.Start, chunk.End - chunk.Start);
            }

            foreach (var block in document.Blocks.Where(b => b.Kind is not (BlockKind.PageHeader or BlockKind.PageFooter)))
            {
                for (var i = block.Start; i < block.End; i++)
                {
                    // A row cut between cells leaves its " | " separators outside every chunk.
                    var cellSeparator = block.Kind == BlockKind.Table && i > 0 && i + 2 <= document.Text.Length && string.CompareOrdinal(document.Text, i - 1, TableRow.CellSeparator, 0, 3) == 0;
                    Assert.True(covered[i] || char.IsWhiteSpace(document.Text[i]) || cellSeparator, $"offset {i} of a {block.Kind} block is in no chunk");
                }
            }
        }, iter: 300);
    }
}
