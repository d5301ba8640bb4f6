using System.Text;
using DocumentFormat.OpenXml;

namespace Folio.Extraction.Office;

/// <summary>
/// Walks a DOCX body in document order and adds its blocks: paragraphs (heading, title, list item
/// or body text), tables, text-box content after the paragraph that anchors it, and footnotes after
/// the paragraph that cites them. Elements are matched by local name so Strict documents and
/// unknown wrappers (content controls, custom XML, tracked insertions) are read through.
/// </summary>
internal sealed class DocxBodyWalker
{
    private readonly ParsedDocumentBuilder _builder;
    private readonly DocxStyles _styles;
    private readonly ParsingOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly IReadOnlyDictionary<string, OpenXmlElement> _footnotes;
    private readonly HashSet<string> _citedFootnotes = new(StringComparer.Ordinal);
    private readonly List<string> _pendingFootnotes = [];
    private readonly bool _renderedBreaks;
    private readonly IReadOnlyList<bool> _sectionStartsPage;
    private int _section;
    private bool _countPages = true;

    public DocxBodyWalker(ParsedDocumentBuilder builder, DocxStyles styles, ParsingOptions options,
        IReadOnlyDictionary<string, OpenXmlElement> footnotes, OpenXmlElement body, CancellationToken cancellationToken)
    {
        _builder = builder;
        _styles = styles;
        _options = options;
        _footnotes = footnotes;
        _cancellationToken = cancellationToken;

        // Word records where each page began when it last laid the document out; those marks cover
        // hard breaks too, so they are used alone when present. Otherwise count the explicit breaks.
        var sections = new List<bool>();
        foreach (var element in body.Descendants())
        {
            if (element.LocalName == "lastRenderedPageBreak")
            {
                _renderedBreaks = true;
            }
            else if (element.LocalName == "sectPr" && element.Parent?.LocalName is "pPr" or "body")
            {
                sections.Add(Ooxml.ChildVal(element, "type") is not "continuous");
            }
        }

        _sectionStartsPage = sections;
    }

    /// <summary>The page the walk has reached (1-based, approximate).</summary>
    public int Page { get; private set; } = 1;

    /// <summary>Footnotes never cited from the body, for the caller to add at the end.</summary>
    public IEnumerable<KeyValuePair<string, OpenXmlElement>> UncitedFootnotes =>
        _footnotes.Where(f => !_citedFootnotes.Contains(f.Key));

    /// <summary>Adds the blocks of a body, text box or cell-free container.</summary>
    public void WalkBlocks(OpenXmlElement container, int depth)
    {
        if (!WithinDepth(depth))
        {
            return;
        }

        foreach (var child in container.ChildElements)
        {
            switch (child.LocalName)
            {
                case "p":
                    AddParagraph(child, depth);
                    break;
                case "tbl":
                    AddTable(child, depth);
                    break;
                case "AlternateContent":
                    if (Ooxml.ChosenAlternate(child) is { } chosen)
                    {
                        WalkBlocks(chosen, depth + 1);
                    }

                    break;
                case "sectPr" or "moveFrom" or "del" or "sdtPr" or "sdtEndPr" or "customXmlPr" or "bookmarkStart" or "bookmarkEnd":
                    break;
                default:
                    WalkBlocks(child, depth + 1);
                    break;
            }
        }
    }

    /// <summary>The plain text of a header, footer, note or cell: paragraphs one per line, nested tables flattened.</summary>
    public string ContainerText(OpenXmlElement container, int depth)
    {
        var previous = _countPages;
        _countPages = false;
        try
        {
            var text = new StringBuilder();
            AppendContainerText(container, text, depth);
            return text.ToString();
        }
        finally
        {
            _countPages = previous;
        }
    }

    /// <summary>Adds the notes cited since the last block.</summary>
    public void FlushFootnotes()
    {
        foreach (var id in _pendingFootnotes)
        {
            if (_footnotes.TryGetValue(id, out var note))
            {
                _builder.Add(BlockKind.Note, ContainerText(note, 1), Page);
            }
        }

        _pendingFootnotes.Clear();
    }

    private void AddParagraph(OpenXmlElement paragraph, int depth)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var properties = Ooxml.Child(paragraph, "pPr");
        if (!_renderedBreaks && _builder.BlockCount > 0 && Ooxml.IsOn(properties, "pageBreakBefore"))
        {
            Page++;
        }

        var page = Page;
        var text = new StringBuilder();
        var anchored = new List<OpenXmlElement>();
        AppendRunText(paragraph, text, anchored, depth);
        var (kind, level) = Classify(properties);
        _builder.Add(kind, text.ToString(), page, level);
        EnforceTextLimit();

        foreach (var textBox in anchored)
        {
            WalkBlocks(textBox, depth + 1);
        }

        FlushFootnotes();
        if (Ooxml.Child(properties, "sectPr") is not null)
        {
            _section++;
            if (!_renderedBreaks && _section < _sectionStartsPage.Count && _sectionStartsPage[_section])
            {
                Page++;
            }
        }
    }

    private (BlockKind Kind, int? Level) Classify(OpenXmlElement? properties)
    {
        var style = _styles.Resolve(Ooxml.ChildVal(properties, "pStyle"));
        var outline = Ooxml.Int(Ooxml.ChildVal(properties, "outlineLvl"));
        var headingLevel = outline switch
        {
            >= 0 and <= 8 => outline + 1,
            not null => null,
            null => style.HeadingLevel,
        };
        if (headingLevel is { } heading)
        {
            return (BlockKind.Heading, heading);
        }

        if (style.IsTitle && outline is null)
        {
            return (BlockKind.Title, null);
        }

        var numbering = Ooxml.Child(properties, "numPr");
        var numId = Ooxml.ChildVal(numbering, "numId");
        var numbered = numbering is not null ? numId is not (null or "0") || (numId is null && style.IsNumbered) : style.IsNumbered;
        if (numbered)
        {
            var indent = Math.Clamp(Ooxml.Int(Ooxml.ChildVal(numbering, "ilvl")) ?? 0, 0, 8);
            return (BlockKind.ListItem, indent + 1);
        }

        return (BlockKind.Paragraph, null);
    }

    private void AppendRunText(OpenXmlElement element, StringBuilder text, List<OpenXmlElement> anchored, int depth)
    {
        if (!WithinDepth(depth))
        {
            return;
        }

        foreach (var child in element.ChildElements)
        {
            switch (child.LocalName)
            {
                case "t":
                    text.Append(child.InnerText);
                    break;
                case "tab" or "ptab":
                    text.Append('\t');
                    break;
                case "br" or "cr":
                    if (Ooxml.Attr(child, "type") == "page")
                    {
                        if (_countPages && !_renderedBreaks)
                        {
                            Page++;
                        }
                    }
                    else
                    {
                        text.Append('\n');
                    }

                    break;
                case "lastRenderedPageBreak":
                    if (_countPages)
                    {
                        Page++;
                    }

                    break;
                case "noBreakHyphen":
                    text.Append('-');
                    break;
                case "footnoteReference":
                    if (Ooxml.Attr(child, "id") is { } id && _citedFootnotes.Add(id))
                    {
                        _pendingFootnotes.Add(id);
                    }

                    break;
                case "txbxContent":
                    anchored.Add(child);
                    break;
                case "AlternateContent":
                    if (Ooxml.ChosenAlternate(child) is { } chosen)
                    {
                        AppendRunText(chosen, text, anchored, depth + 1);
                    }

                    break;
                case "pPr" or "rPr" or "delText" or "instrText" or "delInstrText" or "del" or "moveFrom" or "Fallback"
                    or "sdtPr" or "sdtEndPr" or "fldData" or "commentReference" or "annotationRef":
                    break;
                default:
                    AppendRunText(child, text, anchored, depth + 1);
                    break;
            }
        }
    }

    private void AddTable(OpenXmlElement table, int depth)
    {
        if (!WithinDepth(depth))
        {
            return;
        }

        var page = Page;
        var rows = new List<(List<CellDraft> Cells, bool Header)>();
        var openMerges = new Dictionary<int, CellDraft>();
        foreach (var row in Elements(table, "tr", depth))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var rowProperties = Ooxml.Child(row, "trPr");
            var column = Ooxml.Int(Ooxml.ChildVal(rowProperties, "gridBefore")) ?? 0;
            var cells = new List<CellDraft>();
            foreach (var cell in Elements(row, "tc", depth))
            {
                var cellProperties = Ooxml.Child(cell, "tcPr");
                var span = Math.Clamp(Ooxml.Int(Ooxml.ChildVal(cellProperties, "gridSpan")) ?? 1, 1, 1000);
                var vMerge = Ooxml.Child(cellProperties, "vMerge");
                var merge = vMerge is null ? null : Ooxml.Attr(vMerge, "val") ?? "continue";
                if (merge == "continue" && openMerges.TryGetValue(column, out var origin))
                {
                    origin.RowSpan++;
                }
                else
                {
                    var draft = new CellDraft(CellText(cell, depth + 1), span);
                    cells.Add(draft);
                    if (merge == "restart")
                    {
                        openMerges[column] = draft;
                    }
                    else
                    {
                        openMerges.Remove(column);
                    }
                }

                column += span;
            }

            rows.Add((cells, Ooxml.IsOn(rowProperties, "tblHeader")));
        }

        var anyHeader = rows.Exists(r => r.Header);
        _builder.AddTable(rows.Select((r, i) => new TableRow(
            r.Cells.ConvertAll(c => new TableCell(c.Text, c.RowSpan, c.ColumnSpan)),
            anyHeader ? r.Header : i == 0 && rows.Count > 1)), page);
        EnforceTextLimit();
        FlushFootnotes();
    }

    private string CellText(OpenXmlElement cell, int depth)
    {
        var text = new StringBuilder();
        AppendContainerText(cell, text, depth);
        return text.ToString();
    }

    private void AppendContainerText(OpenXmlElement container, StringBuilder text, int depth)
    {
        if (!WithinDepth(depth))
        {
            return;
        }

        foreach (var child in container.ChildElements)
        {
            switch (child.LocalName)
            {
                case "p":
                    var anchored = new List<OpenXmlElement>();
                    AppendRunText(child, text, anchored, depth + 1);
                    text.Append('\n');
                    foreach (var textBox in anchored)
                    {
                        AppendContainerText(textBox, text, depth + 1);
                    }

                    break;
                case "tbl":
                    AppendFlattenedTable(child, text, depth + 1);
                    break;
                case "AlternateContent":
                    if (Ooxml.ChosenAlternate(child) is { } chosen)
                    {
                        AppendContainerText(chosen, text, depth + 1);
                    }

                    break;
                case "tcPr" or "sectPr" or "moveFrom" or "del" or "sdtPr" or "sdtEndPr":
                    break;
                default:
                    AppendContainerText(child, text, depth + 1);
                    break;
            }
        }
    }

    /// <summary>
    /// A table inside a cell cannot be a table of its own in the block model: its rows become
    /// "a; b / c; d" inside the outer cell, so the text survives and the outer grid stays intact.
    /// </summary>
    private void AppendFlattenedTable(OpenXmlElement table, StringBuilder text, int depth)
    {
        var rows = new List<string>();
        foreach (var row in Elements(table, "tr", depth))
        {
            var cells = Elements(row, "tc", depth)
                .Select(c => TextNormalizer.Normalize(CellText(c, depth + 1).Replace('\n', ' ')))
                .Where(c => c.Length > 0);
            rows.Add(string.Join("; ", cells));
        }

        text.Append(string.Join(" / ", rows.Where(r => r.Length > 0))).Append('\n');
    }

    /// <summary>Children with this local name, looking through content controls and custom XML around them.</summary>
    private IEnumerable<OpenXmlElement> Elements(OpenXmlElement parent, string localName, int depth)
    {
        if (!WithinDepth(depth))
        {
            yield break;
        }

        foreach (var child in parent.ChildElements)
        {
            if (child.LocalName == localName)
            {
                yield return child;
            }
            else if (child.LocalName is "sdt" or "sdtContent" or "customXml" or "ins" or "moveTo")
            {
                foreach (var nested in Elements(child, localName, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private bool WithinDepth(int depth)
    {
        if (depth <= _options.MaxNestingDepth)
        {
            return true;
        }

        _builder.AddWarning($"Content nested deeper than {_options.MaxNestingDepth} levels was skipped.");
        return false;
    }

    private void EnforceTextLimit()
    {
        if (_builder.TextLength > _options.MaxTextCharacters)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The document has more than {_options.MaxTextCharacters:N0} characters of text.");
        }
    }

    private sealed class CellDraft(string text, int columnSpan)
    {
        public string Text { get; } = text;

        public int ColumnSpan { get; } = columnSpan;

        public int RowSpan { get; set; } = 1;
    }
}
