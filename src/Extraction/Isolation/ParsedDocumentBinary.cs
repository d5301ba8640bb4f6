using System.Runtime.InteropServices;

namespace Folio.Extraction.Isolation;

/// <summary>
/// A <see cref="ParsedDocument"/> as compact binary for the trip from the worker process: every field
/// exactly (boxes as doubles, not the JSON's rounded ones), and fast enough for a 2,000-page manual's
/// three quarters of a million word boxes. Both ends are the same build on the same machine, so the
/// layout carries no version and the word records are in the machine's byte order.
/// </summary>
internal static class ParsedDocumentBinary
{
    // Word records go through a small buffer in batches, so no temporary array lands on the large object heap.
    private const int WordBatch = 4096;

    public static void Write(BinaryWriter writer, ParsedDocument document)
    {
        writer.Write(document.FileName);
        writer.Write(document.MediaType);
        writer.Write(document.Pages);
        writer.Write(document.Text);
        writer.Write(document.Blocks.Count);
        foreach (var block in document.Blocks)
        {
            WriteBlock(writer, block, document.Text);
        }

        writer.Write(document.PagesWithoutText.Count);
        foreach (var page in document.PagesWithoutText)
        {
            writer.Write(page);
        }

        writer.Write(document.Warnings.Count);
        foreach (var warning in document.Warnings)
        {
            writer.Write(warning);
        }

        writer.Write(document.PageSizes.Count);
        foreach (var size in document.PageSizes)
        {
            writer.Write(size.Page);
            writer.Write(size.Width);
            writer.Write(size.Height);
        }

        // Word boxes are most of a long PDF's reply (three quarters of a million for the R manual):
        // fixed-size records, copied as bytes.
        writer.Write(document.WordBoxes.Count);
        var words = new WordRecord[Math.Min(document.WordBoxes.Count, WordBatch)];
        for (var done = 0; done < document.WordBoxes.Count; done += words.Length)
        {
            var batch = words.AsSpan(0, Math.Min(words.Length, document.WordBoxes.Count - done));
            for (var i = 0; i < batch.Length; i++)
            {
                var word = document.WordBoxes[done + i];
                batch[i] = new WordRecord(word.Start, word.End, word.Page, word.Box.X0, word.Box.Y0, word.Box.X1, word.Box.Y1);
            }

            writer.Write(MemoryMarshal.AsBytes(batch));
        }
    }

    public static ParsedDocument Read(BinaryReader reader)
    {
        var fileName = reader.ReadString();
        var mediaType = reader.ReadString();
        var pages = reader.ReadInt32();
        var text = reader.ReadString();
        var blocks = ReadList(reader, r => ReadBlock(r, text));
        var pagesWithoutText = ReadList(reader, r => r.ReadInt32());
        var warnings = ReadList(reader, r => r.ReadString());
        var pageSizes = ReadList(reader, r => new PageSize(r.ReadInt32(), r.ReadDouble(), r.ReadDouble()));
        var wordBoxes = new WordBox[reader.ReadInt32()];
        var words = new WordRecord[Math.Min(wordBoxes.Length, WordBatch)];
        for (var done = 0; done < wordBoxes.Length; done += words.Length)
        {
            var batch = words.AsSpan(0, Math.Min(words.Length, wordBoxes.Length - done));
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(batch));
            for (var i = 0; i < batch.Length; i++)
            {
                var word = batch[i];
                wordBoxes[done + i] = new WordBox(word.Start, word.End, word.Page, new BoundingBox(word.X0, word.Y0, word.X1, word.Y1));
            }
        }

        return new ParsedDocument(fileName, mediaType, pages, text, blocks, pagesWithoutText, warnings, pageSizes, wordBoxes);
    }

    private static void WriteBlock(BinaryWriter writer, Block block, string documentText)
    {
        writer.Write((int)block.Kind);
        // A block's text is its span of the document's text (the builder guarantees it); sent once, not twice.
        var isSpan = block.End <= documentText.Length && documentText.AsSpan(block.Start, block.End - block.Start).SequenceEqual(block.Text);
        writer.Write(isSpan);
        if (!isSpan)
        {
            writer.Write(block.Text);
        }

        writer.Write(block.Page);
        writer.Write(block.Start);
        writer.Write(block.End);
        writer.Write(block.Level.HasValue);
        writer.Write(block.Level.GetValueOrDefault());
        writer.Write(block.Bbox.HasValue);
        WriteBox(writer, block.Bbox.GetValueOrDefault());
        writer.Write(block.Rows?.Count ?? -1);
        foreach (var row in block.Rows ?? [])
        {
            writer.Write(row.IsHeader);
            writer.Write(row.Cells.Count);
            foreach (var cell in row.Cells)
            {
                writer.Write(cell.Text);
                writer.Write(cell.RowSpan);
                writer.Write(cell.ColumnSpan);
            }
        }
    }

    private static Block ReadBlock(BinaryReader reader, string documentText)
    {
        var kind = (BlockKind)reader.ReadInt32();
        var text = reader.ReadBoolean() ? null : reader.ReadString();
        var page = reader.ReadInt32();
        var start = reader.ReadInt32();
        var end = reader.ReadInt32();
        text ??= documentText[start..end];
        var hasLevel = reader.ReadBoolean();
        var level = reader.ReadInt32();
        var hasBox = reader.ReadBoolean();
        var box = ReadBox(reader);
        var rowCount = reader.ReadInt32();
        List<TableRow>? rows = null;
        if (rowCount >= 0)
        {
            rows = new List<TableRow>(rowCount);
            for (var i = 0; i < rowCount; i++)
            {
                var isHeader = reader.ReadBoolean();
                var cells = ReadList(reader, r => new TableCell(r.ReadString(), r.ReadInt32(), r.ReadInt32()));
                rows.Add(new TableRow(cells, isHeader));
            }
        }

        return new Block(kind, text, page, start, end, hasLevel ? level : null, hasBox ? box : null, rows);
    }

    private static void WriteBox(BinaryWriter writer, BoundingBox box)
    {
        writer.Write(box.X0);
        writer.Write(box.Y0);
        writer.Write(box.X1);
        writer.Write(box.Y1);
    }

    private static BoundingBox ReadBox(BinaryReader reader) =>
        new(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct WordRecord(int Start, int End, int Page, double X0, double Y0, double X1, double Y1);

    private static List<T> ReadList<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        var count = reader.ReadInt32();
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(read(reader));
        }

        return list;
    }
}
