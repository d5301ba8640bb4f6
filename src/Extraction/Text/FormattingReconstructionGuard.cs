using System.Text.RegularExpressions;

namespace Folio.Extraction.Text;

/// <summary>
/// Estimates, before parsing, how many elements an HTML5 parser will create by "reconstructing the
/// active formatting elements" (WHATWG HTML, §13.2.4.3): every formatting element left open (b, i, a,
/// font…) is re-created inside each following block. A 37 KB file of 2,000 unclosed <c>&lt;b id=…&gt;</c>
/// followed by 2,000 paragraphs makes four million elements and gigabytes, and the parse cannot be
/// interrupted. The estimate is the sum, over block start tags, of the formatting elements still open
/// at that point (counted per tag name, never below zero); well-formed pages close what they open and
/// score near zero.
/// </summary>
internal static partial class FormattingReconstructionGuard
{
    /// <summary>Most reconstructed elements allowed; real pages stay orders of magnitude below.</summary>
    public const long MaxReconstructedElements = 2_000_000;

    private static readonly HashSet<string> Formatting =
        ["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

    // Block starts close the open paragraph and pop formatting elements off the stack; the next text
    // then reconstructs them all.
    private static readonly HashSet<string> BlockStarts =
        ["p", "div", "li", "dd", "dt", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "table", "ul", "ol"];

    /// <exception cref="DocumentParseException">The estimate is over <see cref="MaxReconstructedElements"/>.</exception>
    public static void Check(string html)
    {
        var open = new Dictionary<string, long>(StringComparer.Ordinal);
        long openTotal = 0;
        long reconstructed = 0;
        foreach (Match tag in TagPattern().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            var closing = tag.Groups["slash"].Success;
            if (Formatting.Contains(name))
            {
                var count = open.GetValueOrDefault(name);
                var next = closing ? Math.Max(count - 1, 0) : count + 1;
                openTotal += next - count;
                open[name] = next;
            }
            else if (!closing && openTotal > 0 && BlockStarts.Contains(name) && (reconstructed += openTotal) > MaxReconstructedElements)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                    "The HTML leaves so many formatting elements open that parsing it would create millions of elements.");
            }
        }
    }

    [GeneratedRegex(@"<(?<slash>/)?(?<name>[A-Za-z][A-Za-z0-9]{0,15})", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
