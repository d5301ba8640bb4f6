using System.Net;
using System.Text.RegularExpressions;

namespace Folio.Extraction.Text;

/// <summary>The visible text of a small piece of raw HTML (an HTML block inside Markdown): comments and tags dropped, entities decoded.</summary>
internal static partial class HtmlText
{
    /// <summary>Strips comments and tags, decodes entities and collapses whitespace to single spaces.</summary>
    public static string StripTags(string html)
    {
        var withoutComments = Comment().Replace(html, " ");
        var withoutTags = Tag().Replace(withoutComments, " ");
        return Whitespace().Replace(WebUtility.HtmlDecode(withoutTags), " ").Trim();
    }

    [GeneratedRegex("<!--.*?(-->|$)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex("<[/!?]?[a-zA-Z][^>]*>?")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
