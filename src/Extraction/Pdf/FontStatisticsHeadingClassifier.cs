namespace Folio.Extraction.Pdf;

/// <summary>
/// Classifies headings from font statistics over the whole document, the usual heuristic of PDF-to-text
/// tools (e.g. the font-size ranking in pdfplumber/marker style converters):
/// 1. the body size is the font size carrying most characters (sizes rounded to 0.5 pt), and the body
///    is "bold" when most body-size characters are bold;
/// 2. a short block (≤ <see cref="MaxLines"/> lines, ≤ <see cref="MaxCharacters"/> characters, with a letter)
///    set at least <see cref="SizeRatio"/> × the body size is a heading; so is a short, wholly bold block at
///    body size when the body is not bold;
/// 3. the first heading on page 1, when it is also the largest text on that page, is the Title;
/// 4. levels rank the distinct sizes of the other headings, largest = 1 (bold body-size headings rank below
///    them), at most 6.
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
                }
                else if (block.Bold && !bodyBold && block.FontSize >= 0.95 * body && block.LineCount <= 2)
                {
                    headings.Add((block, false));
                }
            }
        }

        // 3. Title, so that its size does not take level 1 from the real section headings.
        var title = FindTitle(pages, headings, body);

        // 4. Levels.
        var headingSizes = new SortedSet<double>(Comparer<double>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var (block, bySize) in headings)
        {
            if (bySize && block != title)
            {
                headingSizes.Add(block.FontSize);
            }
        }

        var rank = new Dictionary<double, int>();
        foreach (var size in headingSizes)
        {
            rank[size] = Math.Min(rank.Count + 1, MaxLevel);
        }

        foreach (var (block, bySize) in headings)
        {
            if (block == title)
            {
                block.Kind = BlockKind.Title;
                continue;
            }

            block.Kind = BlockKind.Heading;
            block.Level = bySize ? rank[block.FontSize] : Math.Min(rank.Count + 1, MaxLevel);
        }
    }

    private static ComposedBlock? FindTitle(IReadOnlyList<PageBlocks> pages, List<(ComposedBlock Block, bool BySize)> headings, double body)
    {
        if (pages.Count == 0 || pages[0].Page != 1 || headings.Count == 0 || headings[0].Block.Page != 1)
        {
            return null;
        }

        var largest = 0.0;
        foreach (var block in pages[0].Blocks)
        {
            largest = Math.Max(largest, block.FontSize);
        }

        var first = headings[0].Block;
        return first.FontSize >= largest && first.FontSize >= SizeRatio * body ? first : null;
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
