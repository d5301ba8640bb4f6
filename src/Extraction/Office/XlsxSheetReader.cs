using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Office;

/// <summary>
/// Streams one worksheet with the SDK's SAX reader (<see cref="OpenXmlReader"/>), so a sheet of
/// 100,000 rows costs the memory of its non-empty cell texts, not of its DOM. Keeps each non-empty
/// cell's rendered text and the merged ranges; ignores <c>dimension</c>, which files may misstate.
/// </summary>
internal sealed class XlsxSheetReader(XlsxWorkbookContext workbook, CancellationToken cancellationToken)
{
    /// <summary>Excel's limits: columns A..XFD, rows 1..1,048,576.</summary>
    public const int MaxColumns = 16_384;
    public const int MaxRows = 1_048_576;

    public SheetGrid Read(WorksheetPart part)
    {
        var rows = new List<SheetRow>();
        var merges = new List<CellRange>();
        SheetRow? row = null;
        var rowIndex = 0;
        var column = 0;
        string? reference = null, type = null, style = null, value = null;
        StringBuilder? inline = null;
        var phonetic = false;
        long characters = 0;

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            switch (reader.LocalName)
            {
                case "row" when reader.IsStartElement:
                    cancellationToken.ThrowIfCancellationRequested();
                    rowIndex = Ooxml.Int(Attr(reader, "r")) ?? rowIndex + 1;
                    column = 0;
                    row = rowIndex is >= 1 and <= MaxRows ? new SheetRow(rowIndex, []) : null;
                    if (row is not null)
                    {
                        rows.Add(row);
                    }

                    break;
                case "c" when reader.IsStartElement:
                    reference = Attr(reader, "r");
                    type = Attr(reader, "t");
                    style = Attr(reader, "s");
                    value = null;
                    inline = null;
                    break;
                case "v" when reader.IsStartElement:
                    value = reader.GetText();
                    break;
                case "is" when reader.IsStartElement:
                    inline = new StringBuilder();
                    break;
                case "t" when reader.IsStartElement && inline is not null && !phonetic:
                    inline.Append(reader.GetText());
                    break;
                case "rPh":
                    // Phonetic guides (furigana) repeat the text's reading, not its content.
                    phonetic = reader.IsStartElement;
                    break;
                case "c" when reader.IsEndElement:
                    column = reference is not null && CellRange.TryParseCell(reference, out _, out var col) ? col : column + 1;
                    var text = workbook.CellText(type, style, value, inline?.ToString());
                    if (row is not null && column is >= 1 and <= MaxColumns && text.Length > 0)
                    {
                        row.Cells.Add((column, text));
                        characters += text.Length + 3;
                        if (characters > workbook.Options.MaxTextCharacters)
                        {
                            throw workbook.TooMuchText();
                        }
                    }

                    break;
                case "mergeCell" when reader.IsStartElement:
                    if (CellRange.TryParse(Attr(reader, "ref"), out var range))
                    {
                        merges.Add(range);
                    }

                    break;
            }
        }

        rows.RemoveAll(r => r.Cells.Count == 0);
        return new SheetGrid(rows, merges);
    }

    private static string? Attr(OpenXmlReader reader, string localName)
    {
        foreach (var attribute in reader.Attributes)
        {
            if (attribute.LocalName == localName)
            {
                return attribute.Value;
            }
        }

        return null;
    }
}

/// <summary>One worksheet row: its 1-based index and non-empty cells (column, text).</summary>
internal sealed record SheetRow(int Index, List<(int Column, string Text)> Cells);

/// <summary>A worksheet's non-empty rows and merged ranges.</summary>
internal sealed record SheetGrid(IReadOnlyList<SheetRow> Rows, IReadOnlyList<CellRange> Merges);
