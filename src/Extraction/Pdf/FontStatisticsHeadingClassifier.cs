namespace Folio.Extraction.Pdf;

/// <summary>
/// Classifies headings from font statistics over the whole document, the usual heuristic of PDF-to-text
/// tools (e.g. the font-size ranking in pdfplumber/marker style converters):
/// 1. the body size is the font size carrying most characters (sizes rounded to 0.5 pt), and the body
///    is "bold" when most body-size characters are bold;
/// 2. a short block (≤ <see cref="MaxLines"/> lines, ≤ <see cref="MaxCharacters"/> characters, with a letter)
///    set at least <see cref="SizeRatio"/> × the body size is a heading; so is a short, wholly bold block at
///    body size when the body is not bold;
/// 3. levels rank the distinct heading sizes, largest = 1 (bold body-size headings rank below them), at most 6;
/// 4. the first heading on page 1, when it is also the largest text on that page, is the Title.
/// </summary>
internal static class FontStatisticsHeadingClassifier
{
    private const double SizeRatio = 1.12;
    private const int MaxLines = 3;
    private const int MaxCharacters = 200;
    private const int MaxLevel = 6;

    public static void Classify(IReadOnlyList<PageBlocks> pages)
    {
        // 1. Body size by character count.
        var sizeCharacters = new Dictionary<double, int>();
        var boldAtSize = new Dictionary<double, int>();
        foreach (var page in pages)
        {
            foreach (var block in page.Blocks)
            {
                if (block.Kind != BlockKind.Paragraph)
                {
                    continue;
                }

                sizeCharacters[block.FontSize] = sizeCharacters.GetValueOrDefault(block.FontSize) + block.Text.Length;
                if (block.Bold)
                {
                    boldAtSize[block.FontSize] = boldAtSize.GetValueOrDefault(block.FontSize) + block.Text.Length;
                }
            }
        }

        if (sizeCharacters.Count == 0)
        {
            return;
        }

        var body = sizeCharacters.MaxBy(p => p.Value).Key;
        var bodyBold = boldAtSize.GetValueOrDefault(body) * 2 > sizeCharacters[body];

        // 2. Candidates.
        var headingSizes = new SortedSet<double>(Comparer<double>.Create(static (a, b) => b.CompareTo(a)));
        var headings = new List<(ComposedBlock Block, bool BySize)>();
        foreach (var page in pages)
        {
            foreach (var block in page.Blocks)
            {
                if (block.Kind != BlockKind.Paragraph || block.LineCount > MaxLines || block.Text.Length > MaxCharacters || !HasLetter(block.Text))
                {
                    continue;
                }

                if (block.FontSize >= SizeRatio * body)
                {
                    headings.Add((block, true));
                    headingSizes.Add(block.FontSize);
                }
                else if (block.Bold && !bodyBold && block.FontSize >= 0.95 * body && block.LineCount <= 2)
                {
                    headings.Add((block, false));
                }
            }
        }

        // 3. Levels.
        var rank = new Dictionary<double, int>();
        foreach (var size in headingSizes)
        {
            rank[size] = Math.Min(rank.Count + 1, MaxLevel);
        }

        foreach (var (block, bySize) in headings)
        {
            block.Kind = BlockKind.Heading;
            block.Level = bySize ? rank[block.FontSize] : Math.Min(rank.Count + 1, MaxLevel);
        }

        // 4. Title.
        var first = pages.Count > 0 ? pages[0] : null;
        if (first is null || first.Page != 1)
        {
            return;
        }

        var largest = 0.0;
        foreach (var block in first.Blocks)
        {
            largest = Math.Max(largest, block.FontSize);
        }

        foreach (var block in first.Blocks)
        {
            if (block.Kind == BlockKind.Heading)
            {
                if (block.FontSize >= largest && block.FontSize >= SizeRatio * body)
                {
                    block.Kind = BlockKind.Title;
                    block.Level = null;
                }

                break;
            }
        }
    }

    private static bool HasLetter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
