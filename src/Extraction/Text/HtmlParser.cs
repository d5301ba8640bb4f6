using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharpHtmlParser = AngleSharp.Html.Parser.HtmlParser;

namespace Folio.Extraction.Text;

/// <summary>
/// HTML documents and fragments (through AngleSharp's HTML5 parser): <c>title</c> → Title, h1–h6 →
/// Heading levels, li → ListItem with its nesting level, tables with header rows and spans (a nested
/// table's text is flattened into its cell), figcaption/caption → Caption, pre keeps its line breaks,
/// other block elements (p, div, blockquote, nav, footer…) → Paragraph. Script, style, noscript,
/// template, head and embedded SVG/MathML are skipped. Elements nested deeper than
/// <see cref="ParsingOptions.MaxNestingDepth"/> are not read, with a warning.
/// </summary>
internal sealed class HtmlParser(ParsingOptions options) : IDocumentParser
{
    private static readonly HashSet<string> Skipped =
        ["script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "canvas", "select", "datalist"];

    private static readonly HashSet<string> BlockElements =
    [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
        "dt", "fieldset", "figure", "footer", "form", "header", "hgroup", "html", "legend", "main", "nav", "p",
        "section", "summary", "td", "th", "tr", "tbody", "thead", "tfoot", "frameset", "frame", "option",
    ];

    public DocumentFormat Format => DocumentFormat.Html;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var text = TextDecoding.ReadAll(content);
        FormattingReconstructionGuard.Check(text, options.MaxMarkupElements);
        var document = new AngleSharpHtmlParser().ParseDocument(text);
        cancellationToken.ThrowIfCancellationRequested();
        var walk = new Walk(new ParsedDocumentBuilder(fileName, "text/html"), options, cancellationToken);
        walk.Add(BlockKind.Title, document.Title ?? string.Empty, null);
        if (document.Body is { } body)
        {
            walk.Element(body, depth: 0, listLevel: 0);
        }
        else if (document.DocumentElement is { } root)
        {
            walk.Element(root, depth: 0, listLevel: 0);
        }

        walk.Flush();
        return walk.Builder.Build();
    }

    private sealed class Walk(ParsedDocumentBuilder builder, ParsingOptions options, CancellationToken cancellationToken)
    {
        private const int ElementsBetweenChecks = 256;

        private readonly StringBuilder _inline = new();
        private readonly Stack<(BlockKind Kind, int? Level)> _context = new([(BlockKind.Paragraph, null)]);
        private int _elements;

        public ParsedDocumentBuilder Builder { get; } = builder;

        public void Element(IElement element, int depth, int listLevel)
        {
            if (!Enter(depth))
            {
                return;
            }

            var name = element.LocalName;
            if (Skipped.Contains(name))
            {
                return;
            }

            switch (name)
            {
                case "br":
                    _inline.Append('\n');
                    return;
                case "hr":
                    Flush();
                    return;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    Block(element, BlockKind.Heading, name[1] - '0', depth, listLevel);
                    return;
                case "li":
                    Block(element, BlockKind.ListItem, Math.Max(1, listLevel), depth, listLevel);
                    return;
                case "ul" or "ol" or "menu":
                    Flush();
                    Children(element, depth, listLevel + 1);
                    Flush();
                    return;
                case "figcaption" or "caption":
                    Block(element, BlockKind.Caption, null, depth, listLevel);
                    return;
                case "pre":
                    Flush();
                    var pre = new StringBuilder();
                    Flatten(element, pre, depth, preformatted: true);
                    Add(BlockKind.Paragraph, pre.ToString(), null);
                    return;
                case "table":
                    Table(element, depth);
                    return;
            }

            if (BlockElements.Contains(name))
            {
                Flush();
                Children(element, depth, listLevel);
                Flush();
            }
            else
            {
                Children(element, depth, listLevel);
            }
        }

        /// <summary>Adds the text gathered so far as a block of the innermost open kind.</summary>
        public void Flush()
        {
            if (_inline.Length == 0)
            {
                return;
            }

            var (kind, level) = _context.Peek();
            Add(kind, _inline.ToString(), level);
            _inline.Clear();
        }

        public void Add(BlockKind kind, string text, int? level)
        {
            if (Builder.Add(kind, text, 1, level) is not null && Builder.TextLength > options.MaxTextCharacters)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge, "The text is longer than the configured limit.");
            }
        }

        private void Children(INode parent, int depth, int listLevel)
        {
            foreach (var child in parent.ChildNodes)
            {
                if (child is IText text)
                {
                    _inline.Append(InlineWhitespace(text.Data));
                }
                else if (child is IElement element)
                {
                    Element(element, depth + 1, listLevel);
                }
            }
        }

        private void Block(IElement element, BlockKind kind, int? level, int depth, int listLevel)
        {
            Flush();
            _context.Push((kind, level));
            Children(element, depth, listLevel);
            Flush();
            _context.Pop();
        }

        private void Table(IElement table, int depth)
        {
            Flush();
            var rows = new List<TableRow>();
            foreach (var child in table.Children)
            {
                switch (child.LocalName)
                {
                    case "caption":
                        var caption = new StringBuilder();
                        Flatten(child, caption, depth + 1, preformatted: false);
                        Add(BlockKind.Caption, caption.ToString(), null);
                        break;
                    case "tr":
                        rows.Add(Row(child, inHead: false, depth + 1));
                        break;
                    case "thead" or "tbody" or "tfoot":
                        rows.AddRange(child.Children.Where(r => r.LocalName == "tr").Select(r => Row(r, child.LocalName == "thead", depth + 2)));
                        break;
                }
            }

            if (Builder.AddTable(rows, 1) is not null && Builder.TextLength > options.MaxTextCharacters)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge, "The text is longer than the configured limit.");
            }
        }

        private TableRow Row(IElement row, bool inHead, int depth)
        {
            var cells = new List<TableCell>();
            var allHeaderCells = true;
            foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
            {
                allHeaderCells &= cell.LocalName == "th";
                var text = new StringBuilder();
                Flatten(cell, text, depth + 1, preformatted: false);
                cells.Add(new TableCell(text.ToString(), Span(cell, "rowspan"), Span(cell, "colspan")));
            }

            return new TableRow(cells, inHead || (allHeaderCells && cells.Count > 0));
        }

        /// <summary>All the text under a node, as one run (nested tables, lists and paragraphs flattened).</summary>
        private void Flatten(INode node, StringBuilder text, int depth, bool preformatted)
        {
            if (!Enter(depth))
            {
                return;
            }

            foreach (var child in node.ChildNodes)
            {
                if (child is IText run)
                {
                    text.Append(preformatted ? run.Data : InlineWhitespace(run.Data));
                }
                else if (child is IElement element && !Skipped.Contains(element.LocalName))
                {
                    if (element.LocalName == "br")
                    {
                        text.Append(preformatted ? '\n' : ' ');
                        continue;
                    }

                    var separate = !preformatted && (BlockElements.Contains(element.LocalName) || element.LocalName is "li" or "table");
                    if (separate)
                    {
                        text.Append(' ');
                    }

                    Flatten(element, text, depth + 1, preformatted);
                    if (separate)
                    {
                        text.Append(' ');
                    }
                }
            }
        }

        private bool Enter(int depth)
        {
            if (++_elements % ElementsBetweenChecks == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (depth <= options.MaxNestingDepth)
            {
                return true;
            }

            Builder.AddWarning($"HTML nested deeper than {options.MaxNestingDepth} elements was not read.");
            return false;
        }

        private static string InlineWhitespace(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

        private static int Span(IElement cell, string attribute) =>
            int.TryParse(cell.GetAttribute(attribute), NumberStyles.Integer, CultureInfo.InvariantCulture, out var span)
                ? Math.Clamp(span, 1, 1000)
                : 1;
    }
}
