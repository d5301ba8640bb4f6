using System.Security.Cryptography;
using System.Text;

namespace Folio.Extraction.Chunking;

/// <summary>
/// Cuts a parsed document into chunks that fit the embedding model, following its structure:
/// consecutive blocks are packed into a chunk while its <see cref="Chunk.EmbeddingText"/> stays within
/// <see cref="ChunkingOptions.MaxTokens"/>; a heading starts a new chunk (unless the chunk so far holds
/// only headings, or fewer than <see cref="ChunkingOptions.MinTokens"/> tokens) and stays in its text so
/// keyword search finds it; running headers and footers are left out.
/// </summary>
/// <remarks>
/// <para>Heading path: the headings open above a chunk's first block (a Title is level 0), innermost
/// <see cref="ChunkingOptions.MaxHeadingDepth"/> kept, each cut to 80 characters; outer ones are dropped
/// while the path would take more than half the budget.</para>
/// <para>A block over the budget is cut at line, then sentence, then word boundaries (a single word over
/// the budget between characters), each piece an exact span. A table over the budget is cut between
/// rows, and every continuation chunk repeats the header rows; its <see cref="Chunk.Text"/> is then the
/// header plus the rows while <see cref="Chunk.Start"/>/<see cref="Chunk.End"/> cover only the rows.
/// A row alone over the budget is cut between cells. Every other chunk's text is exactly
/// <c>document.Text[Start..End]</c>, block separators included.</para>
/// <para>Each block is counted once; a chunk's count is the sum of its parts and the gaps between them,
/// an upper bound for WordPiece (which splits at whitespace first) and for length-based counters. Sums
/// just over the budget are re-counted exactly before a block is pushed into the next chunk.</para>
/// </remarks>
public sealed class StructureChunker
{
    private const double NearLimit = 1.15;

    private readonly ITokenCounter _tokenCounter;
    private readonly ChunkingOptions _options;

    /// <summary>Creates a chunker counting tokens with the embedding model's tokenizer.</summary>
    public StructureChunker(ITokenCounter tokenCounter, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(tokenCounter);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTokens, 16);
        _tokenCounter = tokenCounter;
        _options = options;
    }

    /// <summary>
    /// The document's chunks in order. Ids are <c>c_</c> + the first 16 hex digits of SHA-256 over the
    /// document key, the chunk's index and span, so the same file under the same key gets the same ids.
    /// </summary>
    public IReadOnlyList<Chunk> Chunk(ParsedDocument document, string documentKey)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(documentKey);
        return new Run(document, documentKey, new TokenMeter(_tokenCounter), _options).Execute();
    }

    /// <summary>One located piece of a block waiting to be packed.</summary>
    private readonly record struct Piece(int Start, int End, int Page, int Tokens, bool IsHeading, string Path);

    private sealed class Run(ParsedDocument document, string documentKey, TokenMeter meter, ChunkingOptions options)
    {
        private readonly string _text = document.Text;
        private readonly int _budget = options.MaxTokens;
        private readonly HeadingStack _headings = new();
        private readonly SpanSplitter _splitter = new(document.Text, meter);
        private readonly List<Chunk> _chunks = [];
        private readonly List<Piece> _open = [];
        private readonly Dictionary<string, int> _pathTokens = new(StringComparer.Ordinal);
        private string _openPath = string.Empty;
        private int _openTokens;

        public List<Chunk> Execute()
        {
            foreach (var block in document.Blocks)
            {
                if (block.Kind is BlockKind.PageHeader or BlockKind.PageFooter || block.Text.Length == 0)
                {
                    continue;
                }

                // 1. The heading path above the block; a heading closes deeper ones first and opens itself after.
                var level = HeadingStack.LevelOf(block);
                if (level is { } headingLevel)
                {
                    _headings.CloseFrom(headingLevel);
                }

                var path = Path();
                var room = _budget - PathTokens(path);
                var tokens = meter.Count(block.Text);

                // 2. A table too big for a chunk of its own is cut into row groups.
                if (block.Kind == BlockKind.Table && tokens > room && TableSplitter.HasRowSpans(block))
                {
                    AddTable(block, path, room);
                }
                else if (tokens <= room)
                {
                    Place(new Piece(block.Start, block.End, block.Page, tokens, level is not null, path));
                }
                else
                {
                    // 3. Any other block over budget is cut into pieces; the first may fill a heading-only chunk.
                    var left = CanTopUp() ? _budget - _openTokens - Gap(block.Start) : 0;
                    var first = left >= room / 4 ? Math.Min(room, left) : room;
                    foreach (var piece in _splitter.Split(block.Start, block.End, room, first, SpanSplitter.Level.Lines))
                    {
                        Place(new Piece(piece.Start, piece.End, block.Page, piece.Tokens, level is not null, path));
                    }
                }

                if (level is { } opened)
                {
                    _headings.Open(opened, block.Text);
                }
            }

            Close();
            return _chunks;
        }

        /// <summary>Packs a piece into the open chunk, or closes it and opens a new one.</summary>
        private void Place(Piece piece)
        {
            if (_open.Count > 0)
            {
                var startsSection = piece.IsHeading && !CanTopUp();
                var estimate = _openTokens + Gap(piece.Start) + piece.Tokens;
                if (!startsSection && estimate > _budget && estimate <= _budget * NearLimit)
                {
                    estimate = Math.Min(estimate, ExactTokens(piece.End));
                }

                if (!startsSection && estimate <= _budget)
                {
                    _open.Add(piece);
                    _openTokens = estimate;
                    return;
                }

                Close();
            }

            _open.Add(piece);
            _openPath = piece.Path;
            _openTokens = PathTokens(piece.Path) + piece.Tokens;
        }

        /// <summary>True when the open chunk holds only headings or is below the minimum size: the next block may join it.</summary>
        private bool CanTopUp() => _open.Count > 0 && (_open.TrueForAll(p => p.IsHeading) || _openTokens < options.MinTokens);

        private void AddTable(Block table, string path, int room)
        {
            // Headings alone before the table go into its first part when the header and a row fit beside them.
            var leadStart = table.Start;
            var leadTokens = 0;
            var leadPath = path;
            if (_open.Count > 0 && _open.TrueForAll(p => p.IsHeading))
            {
                var tokens = _openTokens - PathTokens(_openPath) + Gap(table.Start);
                var firstRows = string.Join('\n', table.Rows!.Take(Math.Max(1, table.Rows!.TakeWhile(r => r.IsHeader).Count()) + 1).Select(r => r.ToText()));
                var shared = Math.Min(room, _budget - PathTokens(_openPath));
                if (tokens + meter.Count(firstRows) <= shared)
                {
                    (leadStart, leadTokens, leadPath, room) = (_open[0].Start, tokens, _openPath, shared);
                    _open.Clear();
                }
            }

            Close();
            var parts = new TableSplitter(_text, meter, _splitter).Split(table, room, leadStart, leadTokens);
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i];
                var page = i == 0 && leadTokens > 0 ? Math.Min(table.Page, PageAt(leadStart)) : table.Page;
                Emit(part.Text, i == 0 ? leadPath : path, part.Start, part.End, page, table.Page);
            }
        }

        private void Close()
        {
            if (_open.Count == 0)
            {
                return;
            }

            var start = _open[0].Start;
            var end = _open[^1].End;
            Emit(_text[start..end], _openPath, start, end, _open.Min(p => p.Page), _open.Max(p => p.Page));
            _open.Clear();
        }

        private void Emit(string text, string path, int start, int end, int page, int lastPage)
        {
            var index = _chunks.Count;
            _chunks.Add(new Chunk(ChunkId(documentKey, index, start, end), index, text, path, start, end, page, lastPage));
        }

        private int ExactTokens(int end)
        {
            var text = _text[_open[0].Start..end];
            return meter.Count(_openPath.Length == 0 ? text : _openPath + "\n" + text);
        }

        private int Gap(int start) => _open.Count == 0 ? 0 : meter.Count(_text, _open[^1].End, start);

        private int PageAt(int offset) => document.Blocks.LastOrDefault(b => b.Start <= offset)?.Page ?? 1;

        /// <summary>The open headings, innermost kept, outer ones dropped while the path takes over half the budget.</summary>
        private string Path()
        {
            var texts = _headings.Texts;
            var skip = Math.Max(0, texts.Count - options.MaxHeadingDepth);
            while (skip < texts.Count)
            {
                var path = string.Join(" > ", texts.Skip(skip));
                if (PathTokens(path) <= _budget / 2)
                {
                    return path;
                }

                skip++;
            }

            return string.Empty;
        }

        private int PathTokens(string path)
        {
            if (path.Length == 0)
            {
                return 0;
            }

            if (!_pathTokens.TryGetValue(path, out var tokens))
            {
                tokens = meter.Count(path + "\n");
                _pathTokens[path] = tokens;
            }

            return tokens;
        }
    }

    /// <summary>The stable id of a chunk.</summary>
    internal static string ChunkId(string documentKey, int index, int start, int end)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{documentKey}\u001F{index}\u001F{start}\u001F{end}"));
        return "c_" + Convert.ToHexStringLower(hash)[..16];
    }
}
