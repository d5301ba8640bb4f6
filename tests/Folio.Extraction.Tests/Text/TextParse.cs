using System.Text;
using Folio.Extraction;

namespace Folio.Extraction.Tests.Text;

/// <summary>Runs a parser over a string and renders its blocks compactly for table-driven assertions.</summary>
internal static class TextParse
{
    public static ParsedDocument Run(IDocumentParser parser, string text, string fileName)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var document = parser.Parse(stream, fileName);
        Assert.All(document.Blocks, b => Assert.Equal(b.Text, document.Text[b.Start..b.End]));
        return document;
    }

    /// <summary>One line per block: <c>Kind[level]: text</c>, line breaks shown as ⏎.</summary>
    public static string[] Render(ParsedDocument document) =>
        document.Blocks.Select(b => $"{b.Kind}{(b.Level is { } l ? l.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}: {b.Text.Replace("\n", "⏎", StringComparison.Ordinal)}").ToArray();
}
