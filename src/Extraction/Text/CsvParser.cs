namespace Folio.Extraction.Text;

/// <summary>
/// CSV and TSV: one <see cref="BlockKind.Table"/> block whose first row is the header. The delimiter
/// (comma, semicolon, tab or pipe) is detected from the first rows; fields are read by
/// <see cref="CsvReader"/>. Rows with no text are dropped; ragged rows keep their own width.
/// </summary>
internal sealed class CsvParser(ParsingOptions options) : IDocumentParser
{
    private const int RowsBetweenChecks = 1024;

    public DocumentFormat Format => DocumentFormat.Csv;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var text = TextDecoding.ReadAll(content);
        var delimiter = Path.GetExtension(fileName).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : CsvReader.DetectDelimiter(text);
        var rows = new List<TableRow>();
        long characters = 0;
        long cells = 0;
        foreach (var fields in CsvReader.Rows(text, delimiter))
        {
            if (rows.Count % RowsBetweenChecks == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (fields.TrueForAll(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            // Raw field lengths approximate the table's text; stop reading once past the limit (the orchestrator re-checks the exact length).
            characters += fields.Sum(f => f.Length + TableRow.CellSeparator.Length);
            if (characters > options.MaxTextCharacters)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge, "The text is longer than the configured limit.");
            }

            // Each field becomes a cell object whatever its length: bounded apart from the text.
            cells += fields.Count;
            if (cells > TableGrid.MaxCells)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge, $"The table has more than {TableGrid.MaxCells:N0} cells.");
            }

            rows.Add(new TableRow(fields.ConvertAll(f => new TableCell(f)), IsHeader: rows.Count == 0));
        }

        var builder = new ParsedDocumentBuilder(fileName, "text/csv");
        builder.AddTable(rows, 1);
        return builder.Build();
    }
}
