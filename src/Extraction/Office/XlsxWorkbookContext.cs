using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Office;

/// <summary>
/// What every sheet of a workbook shares: the shared-string table (streamed), the number format of
/// each cell style, and the date system; turns a raw cell into its text.
/// </summary>
internal sealed class XlsxWorkbookContext
{
    private readonly List<string> _sharedStrings = [];
    private readonly List<XlsxNumberFormat> _styleFormats = [];
    private readonly bool _date1904;

    public XlsxWorkbookContext(WorkbookPart workbook, ParsingOptions options, CancellationToken cancellationToken)
    {
        Options = options;
        _date1904 = Ooxml.Child(workbook.Workbook, "workbookPr") is { } properties && Ooxml.Attr(properties, "date1904") is "1" or "true";
        ReadStyles(workbook.WorkbookStylesPart);
        if (workbook.SharedStringTablePart is { } strings)
        {
            ReadSharedStrings(strings, cancellationToken);
        }
    }

    public ParsingOptions Options { get; }

    public DocumentParseException TooMuchText() => new(ParseFailure.DocumentTooLarge,
        $"The workbook has more than {Options.MaxTextCharacters:N0} characters of text.");

    /// <summary>A cell's text from its type (<c>t</c>), style index (<c>s</c>), cached value and inline string.</summary>
    public string CellText(string? type, string? style, string? value, string? inline)
    {
        switch (type)
        {
            case "s":
                return Ooxml.Int(value) is { } index && index >= 0 && index < _sharedStrings.Count ? _sharedStrings[index] : string.Empty;
            case "inlineStr":
                return inline ?? value ?? string.Empty;
            case "str" or "e":
                return value ?? string.Empty;
            case "b":
                return value is null ? string.Empty : value is "1" or "true" ? "TRUE" : "FALSE";
            case "d":
                // ISO 8601 already; drop a midnight time and seconds to match the serial rendering.
                return value is null ? string.Empty
                    : DateTime.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                        ? date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
                        : value;
            default:
                if (value is null)
                {
                    return inline ?? string.Empty;
                }

                var format = Ooxml.Int(style) is { } s && s >= 0 && s < _styleFormats.Count ? _styleFormats[s] : XlsxNumberFormat.General;
                return format.Render(value, _date1904);
        }
    }

    private void ReadStyles(WorkbookStylesPart? part)
    {
        if (part?.Stylesheet is not { } stylesheet)
        {
            return;
        }

        var codes = new Dictionary<int, string>();
        foreach (var format in Ooxml.Child(stylesheet, "numFmts")?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
        {
            if (Ooxml.Int(Ooxml.Attr(format, "numFmtId")) is { } id && Ooxml.Attr(format, "formatCode") is { } code)
            {
                codes[id] = code;
            }
        }

        foreach (var xf in Ooxml.Child(stylesheet, "cellXfs")?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
        {
            var id = Ooxml.Int(Ooxml.Attr(xf, "numFmtId")) ?? 0;
            _styleFormats.Add(XlsxNumberFormat.From(id, codes.GetValueOrDefault(id)));
        }
    }

    private void ReadSharedStrings(SharedStringTablePart part, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var phonetic = false;
        long characters = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            switch (reader.LocalName)
            {
                case "si" when reader.IsStartElement:
                    text.Clear();
                    break;
                case "rPh":
                    phonetic = reader.IsStartElement;
                    break;
                case "t" when reader.IsStartElement && !phonetic:
                    text.Append(reader.GetText());
                    break;
                case "si" when reader.IsEndElement:
                    // Each entry counts at least one character, so millions of empty ones cannot grow the table unchecked.
                    characters += text.Length + 1;
                    if (characters > Options.MaxTextCharacters)
                    {
                        throw TooMuchText();
                    }

                    if (_sharedStrings.Count % 4096 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    _sharedStrings.Add(text.ToString());
                    break;
            }
        }
    }
}
