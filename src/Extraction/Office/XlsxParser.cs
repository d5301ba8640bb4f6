using DocumentFormat.OpenXml.Packaging;

namespace Folio.Extraction.Office;

/// <summary>
/// Reads an Excel workbook (XLSX): each sheet, in workbook order, becomes a level-1 heading with the
/// sheet's name and a table of its used cells, on page = the sheet's 1-based position. Cell text is
/// what Excel shows as far as it matters for search: shared and inline strings, cached formula
/// results, TRUE/FALSE, error codes, dates as ISO dates, percentages, other numbers invariant.
/// Hidden sheets are read and marked; empty sheets and chart sheets add nothing. Sheet data is
/// streamed (<see cref="XlsxSheetReader"/>).
/// </summary>
internal sealed class XlsxParser(ParsingOptions options) : IDocumentParser
{
    private const string MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Xlsx;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default) =>
        PackageGuard.Run(content, _options, "XLSX", package => Read(package, fileName, cancellationToken));

    private ParsedDocument Read(Stream content, string fileName, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Open(content, false, PackageGuard.Settings);
        var builder = new ParsedDocumentBuilder(fileName, MediaType);
        if (document.WorkbookPart is not { } workbookPart || Ooxml.Child(workbookPart.Workbook, "sheets") is not { } sheetList)
        {
            return builder.Build();
        }

        var sheets = sheetList.ChildElements.Where(s => s.LocalName == "sheet").ToList();
        if (sheets.Count > _options.MaxPages)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The workbook has {sheets.Count:N0} sheets; the limit is {_options.MaxPages:N0}.");
        }

        var workbook = new XlsxWorkbookContext(workbookPart, _options, cancellationToken);
        var reader = new XlsxSheetReader(workbook, cancellationToken);
        for (var i = 0; i < sheets.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = i + 1;
            var name = Ooxml.Attr(sheets[i], "name") ?? $"Sheet {page}";
            if (Ooxml.Attr(sheets[i], "id") is not { } relationship
                || !workbookPart.TryGetPartById(relationship, out var part) || part is not WorksheetPart worksheet)
            {
                continue;
            }

            var rows = XlsxSheetTable.Build(reader.Read(worksheet), _options, builder, name, cancellationToken);
            if (rows.Count == 0)
            {
                continue;
            }

            var hidden = Ooxml.Attr(sheets[i], "state") is "hidden" or "veryHidden";
            if (hidden)
            {
                builder.AddWarning($"Sheet '{name}' is hidden");
            }

            builder.Add(BlockKind.Heading, hidden ? $"{name} (hidden)" : name, page, level: 1);
            builder.AddTable(rows, page);
            if (builder.TextLength > _options.MaxTextCharacters)
            {
                throw workbook.TooMuchText();
            }
        }

        builder.Pages = Math.Max(1, sheets.Count);
        return builder.Build();
    }
}
