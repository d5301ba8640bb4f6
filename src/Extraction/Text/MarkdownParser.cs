using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MarkdigTable = Markdig.Extensions.Tables.Table;
using MarkdigTableCell = Markdig.Extensions.Tables.TableCell;
using MarkdigTableRow = Markdig.Extensions.Tables.TableRow;

namespace Folio.Extraction.Text;

/// <summary>
/// Markdown (CommonMark with pipe tables, through Markdig): headings keep their level, list items
/// their nesting level, tables their rows and cells; code blocks keep their line breaks; inline markup
/// is reduced to the text a reader sees (link text, not URLs; no emphasis markers). YAML front matter,
/// link reference definitions, thematic breaks and HTML comments are skipped; other HTML blocks keep
/// only their text.
/// </summary>
internal sealed class MarkdownParser(ParsingOptions options) : IDocumentParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseYamlFrontMatter()
        .Build();

    public DocumentFormat Format => DocumentFormat.Markdown;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var text = TextDecoding.ReadAll(content);
        CheckMarkup(text);
        var document = Markdown.Parse(text, Pipeline);
        var walk = new Walk(new ParsedDocumentBuilder(fileName, "text/markdown"), options, cancellationToken);
        walk.Container(document, listLevel: 0, depth: 0);
        return walk.Builder.Build();
    }

    /// <summary>
    /// Refuses, before Markdig builds its tree, text that would make it build too many nodes: each line,
    /// table cell and inline marker can become one (about 1 KB each with what hangs off it; 6 MB of
    /// two-cell table rows took 2 GB). A count of those characters bounds the tree from above.
    /// </summary>
    private void CheckMarkup(string text)
    {
        var markers = (long)text.AsSpan().Count('\n');
        foreach (var marker in "|*_`[<!&\\")
        {
            markers += text.AsSpan().Count(marker);
        }

        if (markers > options.MaxMarkupElements)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The Markdown has {markers:N0} lines and markup characters; the limit is {options.MaxMarkupElements:N0}.");
        }
    }

    private sealed class Walk(ParsedDocumentBuilder builder, ParsingOptions options, CancellationToken cancellationToken)
    {
        public ParsedDocumentBuilder Builder { get; } = builder;

        public void Container(ContainerBlock container, int listLevel, int depth)
        {
            if (depth > options.MaxNestingDepth)
            {
                Builder.AddWarning($"Markdown nested deeper than {options.MaxNestingDepth} levels was skipped.");
                return;
            }

            foreach (var block in container)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Block(block, listLevel, depth);
            }
        }

        private void Block(Markdig.Syntax.Block block, int listLevel, int depth)
        {
            switch (block)
            {
                case YamlFrontMatterBlock or LinkReferenceDefinitionGroup or LinkReferenceDefinition or ThematicBreakBlock:
                    return;
                case HeadingBlock heading:
                    Add(BlockKind.Heading, InlineText(heading.Inline), heading.Level);
                    return;
                case MarkdigTable table:
                    AddTable(table);
                    return;
                case ListBlock list:
                    foreach (var item in list)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        ListItem((ContainerBlock)item, listLevel + 1, depth + 1);
                    }

                    return;
                case HtmlBlock html:
                    Add(BlockKind.Paragraph, HtmlBlockText(html), null);
                    return;
                case CodeBlock code:
                    Add(BlockKind.Paragraph, code.Lines.ToString(), null);
                    return;
                case ParagraphBlock paragraph:
                    Add(BlockKind.Paragraph, InlineText(paragraph.Inline), null);
                    return;
                case ContainerBlock container:
                    // Block quotes and extension containers: their children are ordinary blocks.
                    Container(container, listLevel, depth + 1);
                    return;
                case LeafBlock leaf:
                    Add(BlockKind.Paragraph, leaf.Inline is null ? leaf.Lines.ToString() : InlineText(leaf.Inline), null);
                    return;
            }
        }

        /// <summary>The item's first paragraph is the list item; what follows it (more paragraphs, nested lists) keeps its own kind.</summary>
        private void ListItem(ContainerBlock item, int listLevel, int depth)
        {
            var first = true;
            foreach (var child in item)
            {
                if (first && child is ParagraphBlock paragraph)
                {
                    Add(BlockKind.ListItem, InlineText(paragraph.Inline), listLevel);
                }
                else
                {
                    Block(child, listLevel, depth);
                }

                first = false;
            }
        }

        private void AddTable(MarkdigTable table)
        {
            var rows = new List<TableRow>();
            foreach (var row in table.OfType<MarkdigTableRow>())
            {
                var cells = row.OfType<MarkdigTableCell>()
                    .Select(c => new TableCell(CellText(c), Math.Max(1, c.RowSpan), Math.Max(1, c.ColumnSpan)))
                    .ToList();
                rows.Add(new TableRow(cells, row.IsHeader));
            }

            if (Builder.AddTable(rows, 1) is not null)
            {
                CheckLength();
            }
        }

        private static string CellText(MarkdigTableCell cell) =>
            string.Join(" ", cell.OfType<LeafBlock>().Select(b => b.Inline is null ? b.Lines.ToString() : InlineText(b.Inline)));

        private void Add(BlockKind kind, string text, int? level)
        {
            if (Builder.Add(kind, text, 1, level) is not null)
            {
                CheckLength();
            }
        }

        private void CheckLength()
        {
            if (Builder.TextLength > options.MaxTextCharacters)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge, "The text is longer than the configured limit.");
            }
        }
    }

    /// <summary>The text a reader sees in a run of inlines.</summary>
    internal static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        if (inline is not null)
        {
            AppendInline(inline, text, depth: 0);
        }

        return text.ToString();
    }

    private static void AppendInline(Inline inline, StringBuilder text, int depth)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline lineBreak:
                text.Append(lineBreak.IsHard ? '\n' : ' ');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlInline:
                break;
            case ContainerInline container when depth < 256:
                // Links and images keep their text (an image's alt text), never the URL; emphasis loses its markers.
                foreach (var child in container)
                {
                    AppendInline(child, text, depth + 1);
                }

                break;
        }
    }

    private static string HtmlBlockText(HtmlBlock html)
    {
        var raw = html.Lines.ToString();
        return html.Type switch
        {
            HtmlBlockType.Comment or HtmlBlockType.DocumentType or HtmlBlockType.ProcessingInstruction or HtmlBlockType.CData => string.Empty,
            HtmlBlockType.ScriptPreOrStyle when !raw.TrimStart().StartsWith("<pre", StringComparison.OrdinalIgnoreCase) => string.Empty,
            _ => HtmlText.StripTags(raw),
        };
    }
}
