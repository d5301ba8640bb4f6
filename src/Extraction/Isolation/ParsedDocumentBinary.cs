namespace Folio.Extraction.Isolation;

/// <summary>
/// A <see cref="ParsedDocument"/> as compact binary for the trip from the worker process: every field
/// exactly (boxes as doubles, not the JSON's rounded ones), and fast enough for a 2,000-page manual's
/// million word boxes. Both ends are the same build, so the layout carries no version.
/// </summary>
internal static class ParsedDocumentBinary
{
    public static void Write(BinaryWriter writer, ParsedDocument document)
    {
        writer.Write(document.FileName);
        writer.Write(document.MediaType);
        writer.Write(document.Pages);
        writer.Write(document.Text);
        writer.Write(document.Blocks.Count);
        foreach (var block in document.Blocks)
        {
            WriteBlock(writer, block);
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

        writer.Write(document.WordBoxes.Count);
        foreach (var word in document.WordBoxes)
        {
            writer.Write(word.Start);
            writer.Write(word.End);
            writer.Write(word.Page);
            WriteBox(writer, word.Box);
        }
    }

    public static ParsedDocument Read(BinaryReader reader)
    {
        var fileName = reader.ReadString();
        var mediaType = reader.ReadString();
        var pages = reader.ReadInt32();
        var text = reader.ReadString();
        var blocks = ReadList(reader, ReadBlock);
        var pagesWithoutText = ReadList(reader, r => r.ReadInt32());
        var warnings = ReadList(reader, r => r.ReadString());
        var pageSizes = ReadList(reader, r => new PageSize(r.ReadInt32(), r.ReadDouble(), r.ReadDouble()));
        var wordBoxes = ReadList(reader, r => new WordBox(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), ReadBox(r)));
        return new ParsedDocument(fileName, mediaType, pages, text, blocks, pagesWithoutText, warnings, pageSizes, wordBoxes);
    }

    private static void WriteBlock(BinaryWriter writer, Block block)
    {
        writer.Write((int)block.Kind);
        writer.Write(block.Text);
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

    private static Block ReadBlock(BinaryReader reader)
    {
        var kind = (BlockKind)reader.ReadInt32();
        var text = reader.ReadString();
        var page = reader.ReadInt32();
        var start = reader.ReadInt32();
        var end = reader.ReadInt32();
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
