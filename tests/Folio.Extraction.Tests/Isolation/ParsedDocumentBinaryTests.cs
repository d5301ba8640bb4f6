using System.Text;
using System.Text.Json;
using Folio.Extraction.Isolation;

namespace Folio.Extraction.Tests.Isolation;

public sealed class ParsedDocumentBinaryTests
{
    [Fact]
    public void Every_field_survives_the_trip_exactly()
    {
        const string text = "Title\n\nA | B\n\nbody";
        var words = Enumerable.Range(0, 5_000).Select(i => new WordBox(i % 7, (i % 7) + 1, 1 + (i % 3), new BoundingBox(i / 3.0, 0.1 * i, Math.PI * i, 1e-9 + i))).ToList();
        var document = new ParsedDocument("a.pdf", "application/pdf", 3, text,
        [
            new Block(BlockKind.Title, "Title", 1, 0, 5, level: 1, bbox: new BoundingBox(1.234567, 2.5, 3.75, 4.000001)),
            new Block(BlockKind.Table, "A | B", 2, 7, 12, rows: [new TableRow([new TableCell("A", 2, 1), new TableCell("B")], IsHeader: true), new TableRow([])]),
            // Not the span's text (the builder never does this; the format must not depend on it).
            new Block(BlockKind.Paragraph, "BODY", 3, 14, 18, rows: []),
        ], [2], ["a warning"], [new PageSize(1, 595.2756, 841.8898)], words);

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            ParsedDocumentBinary.Write(writer, document);
        }

        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        var copy = ParsedDocumentBinary.Read(reader);

        Assert.Equal(JsonSerializer.Serialize(document), JsonSerializer.Serialize(copy));
        Assert.Equal(document.WordBoxes, copy.WordBoxes);
        Assert.Equal(document.Blocks.Select(b => b.Bbox), copy.Blocks.Select(b => b.Bbox));
        Assert.Equal("BODY", copy.Blocks[2].Text);
        Assert.Empty(copy.Blocks[2].Rows!);
        Assert.Null(copy.Blocks[0].Rows);
        Assert.Equal(buffer.Length, buffer.Position);
    }
}
