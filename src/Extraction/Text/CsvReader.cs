using System.Text;

namespace Folio.Extraction.Text;

/// <summary>
/// A lenient RFC 4180 reader (https://www.rfc-editor.org/rfc/rfc4180): fields may be quoted, a quoted
/// field may hold delimiters, line breaks and doubled quotes. Deviations, as spreadsheet programs and
/// Python's csv module read real files: a quote inside an unquoted field is a literal character; text
/// after a closing quote is appended to the field; an unterminated quote runs to the end of the file;
/// rows may have any number of fields; CR, LF and CRLF all end a row.
/// </summary>
internal static class CsvReader
{
    /// <summary>The delimiters tried, in order of preference when they score the same.</summary>
    public static readonly char[] Delimiters = [',', ';', '\t', '|'];

    private const int SampleRows = 50;

    /// <summary>The delimiter is detected on this many leading characters, not on the whole file.</summary>
    private const int SampleCharacters = 64 * 1024;

    /// <summary>Most fields in one row (Excel's column limit); a wider row is <c>document_too_large</c>, not gigabytes of empty cells.</summary>
    public const int MaxFieldsPerRow = 16_384;

    /// <summary>
    /// Finds the delimiter: the candidate that splits the most of the first rows (read quote-aware) into
    /// the same number of fields, above one; ties go to the earlier of <see cref="Delimiters"/>. A header
    /// row without commas thus outvotes decimal commas in a semicolon file. Comma when nothing splits.
    /// </summary>
    public static char DetectDelimiter(string text)
    {
        var best = ',';
        var bestAgreeing = 0;
        foreach (var delimiter in Delimiters)
        {
            var widths = Rows(text.Length > SampleCharacters ? text[..SampleCharacters] : text, delimiter).Take(SampleRows).Select(r => r.Count).ToList();
            var agreeing = widths.Where(w => w > 1).GroupBy(w => w).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            if (agreeing > bestAgreeing)
            {
                best = delimiter;
                bestAgreeing = agreeing;
            }
        }

        return best;
    }

    /// <summary>Reads the rows of <paramref name="text"/>, lazily.</summary>
    public static IEnumerable<List<string>> Rows(string text, char delimiter)
    {
        var field = new StringBuilder();
        var row = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            // 1. One field: quoted or plain.
            if (text[i] == '"')
            {
                i = ReadQuoted(text, i + 1, field);
            }

            while (i < text.Length && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
            {
                field.Append(text[i++]);
            }

            row.Add(field.ToString());
            field.Clear();
            if (row.Count > MaxFieldsPerRow)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge, $"A row has more than {MaxFieldsPerRow:N0} fields.");
            }

            // 2. What ended it: a delimiter (another field follows), a line break or the end (the row ends).
            if (i < text.Length && text[i] == delimiter)
            {
                i++;
                if (i == text.Length)
                {
                    row.Add(string.Empty);
                }

                continue;
            }

            if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            i++;
            yield return row;
            row = [];
        }

        if (row.Count > 0)
        {
            yield return row;
        }
    }

    /// <summary>Reads a quoted field's content from just after its opening quote; returns the index after the closing quote.</summary>
    private static int ReadQuoted(string text, int i, StringBuilder field)
    {
        while (i < text.Length)
        {
            var close = text.IndexOf('"', i);
            if (close < 0)
            {
                field.Append(text, i, text.Length - i);
                return text.Length;
            }

            field.Append(text, i, close - i);
            if (close + 1 < text.Length && text[close + 1] == '"')
            {
                field.Append('"');
                i = close + 2;
                continue;
            }

            return close + 1;
        }

        return i;
    }
}
