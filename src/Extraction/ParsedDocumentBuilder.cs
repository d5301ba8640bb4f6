using System.Text;

namespace Folio.Extraction;

/// <summary>
/// Assembles a <see cref="ParsedDocument"/> block by block, so that every parser gets exact offsets
/// by construction: each block's text is normalised, appended to the document text, and located there.
/// Empty blocks are dropped.
/// </summary>
public sealed class ParsedDocumentBuilder
{
    private readonly string _fileName;
    private readonly string _mediaType;
    private readonly StringBuilder _text = new();
    private readonly List<Block> _blocks = [];
    private readonly List<WordBox> _wordBoxes = [];
    private readonly List<PageSize> _pageSizes = [];
    private readonly SortedSet<int> _pagesWithoutText = [];
    private readonly List<string> _warnings = [];

    /// <summary>
    /// Most blocks in one document, whatever its format: each costs about 250 bytes held and 80 bytes of
    /// JSON, whatever its length, so 15 MB of "a\n\n" (five million blocks) took 1.3 GB. Real documents
    /// stay far below (5,000 dense PDF pages make about 250,000).
    /// </summary>
    public const int MaxBlocks = 1_000_000;

    /// <summary>Starts a document.</summary>
    public ParsedDocumentBuilder(string fileName, string mediaType)
    {
        _fileName = fileName;
        _mediaType = mediaType;
    }

    /// <summary>Pages (slides, sheets) in the document. Default: 1, or the highest page of any block.</summary>
    public int Pages { get; set; } = 1;

    /// <summary>Blocks added so far.</summary>
    public int BlockCount => _blocks.Count;

    /// <summary>Characters of document text so far (used to enforce text limits while parsing).</summary>
    public int TextLength => _text.Length;

    /// <summary>Adds a block of any kind but <see cref="BlockKind.Table"/>; returns it, or null if its text is empty.</summary>
    public Block? Add(BlockKind kind, string text, int page, int? level = null, BoundingBox? bbox = null)
    {
        if (kind == BlockKind.Table)
        {
            throw new ArgumentException("Use AddTable for tables.", nameof(kind));
        }

        var normalized = TextNormalizer.Normalize(text);
        return normalized.Length == 0 ? null : Append(new BlockDraft(kind, normalized, page, level, bbox, null));
    }

    /// <summary>
    /// Adds a table; the block text is its rows, one per line, cells joined by <see cref="TableRow.CellSeparator"/>.
    /// Cell texts are normalised (line breaks inside a cell become spaces). Returns null for a table with no text.
    /// </summary>
    /// <param name="rows">The rows, top to bottom.</param>
    /// <param name="page">1-based page.</param>
    /// <param name="bbox">The table's box (PDF).</param>
    /// <param name="cellBoxes">Each cell's box (PDF), parallel to <paramref name="rows"/>; each cell's text span is located by it.</param>
    public Block? AddTable(IEnumerable<TableRow> rows, int page, BoundingBox? bbox = null, IReadOnlyList<IReadOnlyList<BoundingBox?>>? cellBoxes = null)
    {
        var located = rows
            .Select((r, i) => (Row: r with { Cells = r.Cells.Select(NormalizedCell).ToList() }, Boxes: cellBoxes?[i]))
            .Where(r => r.Row.Cells.Count > 0)
            .ToList();
        var normalizedRows = located.ConvertAll(r => r.Row);
        if (normalizedRows.TrueForAll(r => r.Cells.All(c => c.Text.Length == 0)))
        {
            return null;
        }

        var text = string.Join('\n', normalizedRows.Select(r => r.ToText()));
        var block = Append(new BlockDraft(BlockKind.Table, text, page, null, bbox, normalizedRows));
        if (cellBoxes is not null)
        {
            var offset = block.Start;
            foreach (var (row, boxes) in located)
            {
                for (var c = 0; c < row.Cells.Count; c++)
                {
                    var cell = row.Cells[c].Text;
                    if (cell.Length > 0 && boxes is not null && c < boxes.Count && boxes[c] is { } box)
                    {
                        _wordBoxes.Add(new WordBox(offset, offset + cell.Length, page, box));
                    }

                    offset += cell.Length + (c < row.Cells.Count - 1 ? TableRow.CellSeparator.Length : 0);
                }

                offset += 1;
            }
        }

        return block;
    }

    /// <summary>
    /// Adds a block whose text the caller composed from located words (PDF). <paramref name="text"/> must
    /// already be normalised; <paramref name="words"/> hold offsets relative to it and are shifted into
    /// the document. The block's box is the union of its words' boxes.
    /// </summary>
    public Block? AddLocated(BlockKind kind, string text, int page, IReadOnlyList<WordBox> words, int? level = null)
    {
        if (text.Length == 0 || words.Count == 0)
        {
            return null;
        }

        var bbox = words[0].Box;
        foreach (var word in words)
        {
            bbox = bbox.Union(word.Box);
        }

        var start = _text.Length + (_blocks.Count > 0 ? ParsedDocument.BlockSeparator.Length : 0);
        var block = Append(new BlockDraft(kind, text, page, level, bbox, null));
        foreach (var word in words)
        {
            _wordBoxes.Add(word with { Start = word.Start + start, End = word.End + start });
        }

        return block;
    }

    /// <summary>Records a PDF page's size in points.</summary>
    public void AddPageSize(int page, double width, double height) => _pageSizes.Add(new PageSize(page, width, height));

    /// <summary>Records a page with no text layer (a scan, or drawings only).</summary>
    public void AddPageWithoutText(int page) => _pagesWithoutText.Add(page);

    /// <summary>Records something the parser worked around (shown to the user).</summary>
    public void AddWarning(string warning)
    {
        if (!_warnings.Contains(warning))
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>Finishes the document.</summary>
    public ParsedDocument Build()
    {
        var pages = Math.Max(Pages, _blocks.Count == 0 ? 1 : _blocks.Max(b => b.Page));
        return new ParsedDocument(_fileName, _mediaType, pages, _text.ToString(), _blocks.ToArray(),
            _pagesWithoutText.ToArray(), _warnings.ToArray(), _pageSizes.ToArray(), _wordBoxes.ToArray());
    }

    private static string NormalizeCell(string text) => TextNormalizer.Normalize(text.Replace('\n', ' '));

    // A cell already normal is kept, not copied: a large table would otherwise be held twice while it is added.
    private static TableCell NormalizedCell(TableCell cell) => NormalizeCell(cell.Text) is var text && text == cell.Text ? cell : cell with { Text = text };

    private Block Append(BlockDraft draft)
    {
        if (_blocks.Count == MaxBlocks)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge, $"The document has more than {MaxBlocks:N0} blocks.");
        }

        if (_blocks.Count > 0)
        {
            _text.Append(ParsedDocument.BlockSeparator);
        }

        var start = _text.Length;
        _text.Append(draft.Text);
        var block = new Block(draft.Kind, draft.Text, draft.Page, start, _text.Length, draft.Level, draft.Bbox, draft.Rows);
        _blocks.Add(block);
        return block;
    }

    private sealed record BlockDraft(BlockKind Kind, string Text, int Page, int? Level, BoundingBox? Bbox, IReadOnlyList<TableRow>? Rows);
}
