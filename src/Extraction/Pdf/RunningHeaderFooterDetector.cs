using System.Text;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Marks running headers and footers on blocks already laid out (instead of PdfPig's
/// <c>DecorationTextBlockClassifier</c>, which re-segments every page and cost 0.6 s/page on dense pages).
/// A block near the top (bottom) edge of its page — the nearest <see cref="CandidatesPerEdge"/> blocks inside
/// the outer <see cref="EdgeZone"/> of the page height — is a running header (footer) when (1) its text, lower-cased
/// with every digit run replaced by '#', recurs at the same edge on at least <see cref="MinPages"/> pages
/// (and on at least two pages in a document shorter than that), or (2) it is a page number on its own
/// ("12", "- 12 -", "Page 3 of 10", a short roman numeral).
/// </summary>
internal static class RunningHeaderFooterDetector
{
    private const double EdgeZone = 0.15;
    private const int CandidatesPerEdge = 3;
    private const int MinPages = 3;

    public static void Mark(IReadOnlyList<PageBlocks> pages)
    {
        var counts = new Dictionary<(bool Top, string Key), int>();
        var candidates = new List<(ComposedBlock Block, bool Top, string Key)>();
        foreach (var page in pages)
        {
            var seen = new HashSet<(bool, string)>();
            foreach (var (block, top) in EdgeBlocks(page))
            {
                var key = Key(block.Text);
                candidates.Add((block, top, key));
                if (seen.Add((top, key)))
                {
                    counts[(top, key)] = counts.GetValueOrDefault((top, key)) + 1;
                }
            }
        }

        var minPages = Math.Max(2, Math.Min(MinPages, pages.Count));
        foreach (var (block, top, key) in candidates)
        {
            var running = counts[(top, key)] >= minPages && pages.Count >= 2;
            if (running || (pages.Count >= 2 && IsPageNumber(key)))
            {
                block.Kind = top ? BlockKind.PageHeader : BlockKind.PageFooter;
            }
        }
    }

    private static IEnumerable<(ComposedBlock Block, bool Top)> EdgeBlocks(PageBlocks page)
    {
        var height = page.Top - page.Bottom;
        if (height <= 0 || page.Blocks.Count < 2)
        {
            yield break;
        }

        var top = new List<ComposedBlock>();
        var bottom = new List<ComposedBlock>();
        foreach (var block in page.Blocks)
        {
            if (block.Kind == BlockKind.Table || block.LineCount > 2 || block.Text.Length > 200)
            {
                continue;
            }

            if (block.Box.Y0 >= page.Top - EdgeZone * height)
            {
                top.Add(block);
            }
            else if (block.Box.Y1 <= page.Bottom + EdgeZone * height)
            {
                bottom.Add(block);
            }
        }

        top.Sort(static (a, b) => b.Box.Y1.CompareTo(a.Box.Y1));
        bottom.Sort(static (a, b) => a.Box.Y0.CompareTo(b.Box.Y0));
        for (var i = 0; i < top.Count && i < CandidatesPerEdge; i++)
        {
            yield return (top[i], true);
        }

        for (var i = 0; i < bottom.Count && i < CandidatesPerEdge; i++)
        {
            yield return (bottom[i], false);
        }
    }

    /// <summary>Lower-cased text with digit runs as '#' and whitespace as single spaces.</summary>
    internal static string Key(string text)
    {
        var key = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                if (key.Length == 0 || key[^1] != '#')
                {
                    key.Append('#');
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (key.Length > 0 && key[^1] != ' ')
                {
                    key.Append(' ');
                }
            }
            else
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString().TrimEnd();
    }

    internal static bool IsPageNumber(string key)
    {
        var rest = key.Replace("page", string.Empty, StringComparison.Ordinal)
            .Replace("of", string.Empty, StringComparison.Ordinal);
        var digits = false;
        var romans = 0;
        foreach (var c in rest)
        {
            if (c == '#')
            {
                digits = true;
            }
            else if (c is 'i' or 'v' or 'x' or 'l' or 'c')
            {
                romans++;
            }
            else if (char.IsLetter(c))
            {
                return false;
            }
        }

        return digits ? romans == 0 : romans is > 0 and <= 6 && rest.Trim().All(static c => c is 'i' or 'v' or 'x' or 'l' or 'c');
    }
}
