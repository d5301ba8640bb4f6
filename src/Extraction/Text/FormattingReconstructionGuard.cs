using System.Text.RegularExpressions;

namespace Folio.Extraction.Text;

/// <summary>
/// Estimates, before parsing, how many elements an HTML5 parser will create: one per start tag, plus
/// those it creates by "reconstructing the active formatting elements" (WHATWG HTML, §13.2.4.3): every formatting element left open (b, i, a,
/// font…) is re-created inside each following block. A 37 KB file of 2,000 unclosed <c>&lt;b id=…&gt;</c>
/// followed by 2,000 paragraphs makes four million elements and gigabytes, and the parse cannot be
/// interrupted. The estimate is the sum, over block start tags, of the formatting elements still open
/// at that point (counted per tag name, never below zero); well-formed pages close what they open and
/// score near zero. Start tags are counted too: every element costs about 1 KB of DOM, so 8 MB of
/// <c>&lt;td&gt;x</c> is 2 GB.
/// </summary>
internal static partial class FormattingReconstructionGuard
{
    private static readonly HashSet<string> Formatting = new(StringComparer.OrdinalIgnoreCase)
        { "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u" };

    // Block starts close the open paragraph and pop formatting elements off the stack; the next text
    // then reconstructs them all.
    private static readonly HashSet<string> BlockStarts = new(StringComparer.OrdinalIgnoreCase)
        { "p", "div", "li", "dd", "dt", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "table", "ul", "ol" };

    /// <exception cref="DocumentParseException">The estimate is over <paramref name="maxElements"/>.</exception>
    public static void Check(string html, long maxElements)
    {
        // Tag names are looked up as spans and matches enumerated without objects: the scan itself
        // must not cost memory per tag, or it would be the amplifier it guards against.
        var formatting = Formatting.GetAlternateLookup<ReadOnlySpan<char>>();
        var blockStarts = BlockStarts.GetAlternateLookup<ReadOnlySpan<char>>();
        var open = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var openByName = open.GetAlternateLookup<ReadOnlySpan<char>>();
        long openTotal = 0;
        long reconstructed = 0;
        long started = 0;
        foreach (var tag in TagPattern().EnumerateMatches(html))
        {
            var closing = html[tag.Index + 1] == '/';
            var name = html.AsSpan(tag.Index + (closing ? 2 : 1), tag.Length - (closing ? 2 : 1));
            if (formatting.Contains(name))
            {
                var count = openByName.TryGetValue(name, out var value) ? value : 0;
                var next = closing ? Math.Max(count - 1, 0) : count + 1;
                openTotal += next - count;
                openByName[name] = next;
            }
            else if (!closing && openTotal > 0 && blockStarts.Contains(name) && (reconstructed += openTotal) > maxElements)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                    "The HTML leaves so many formatting elements open that parsing it would create millions of elements.");
            }

            if (!closing && ++started + reconstructed > maxElements)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                    $"The HTML has more than {maxElements:N0} elements.");
            }
        }
    }

    [GeneratedRegex(@"</?[A-Za-z][A-Za-z0-9]{0,15}", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
