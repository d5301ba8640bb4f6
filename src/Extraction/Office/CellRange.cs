namespace Folio.Extraction.Office;

/// <summary>A rectangular A1-style range, 1-based and inclusive, normalised so first ≤ last.</summary>
internal readonly record struct CellRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn)
{
    /// <summary>Parses "B2:D5" (or a single cell); false for anything malformed or beyond Excel's grid.</summary>
    public static bool TryParse(string? reference, out CellRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(reference))
        {
            return false;
        }

        var parts = reference.Split(':');
        if (parts.Length > 2 || !TryParseCell(parts[0], out var r1, out var c1))
        {
            return false;
        }

        var (r2, c2) = (r1, c1);
        if (parts.Length == 2 && !TryParseCell(parts[1], out r2, out c2))
        {
            return false;
        }

        range = new CellRange(Math.Min(r1, r2), Math.Min(c1, c2), Math.Max(r1, r2), Math.Max(c1, c2));
        return true;
    }

    /// <summary>Parses "AB12" (with optional '$'); false when malformed or beyond XFD1048576.</summary>
    public static bool TryParseCell(string reference, out int row, out int column)
    {
        row = 0;
        column = 0;
        var i = 0;
        var letters = 0;
        for (; i < reference.Length && (char.IsAsciiLetter(reference[i]) || reference[i] == '$'); i++)
        {
            if (reference[i] == '$')
            {
                continue;
            }

            if (++letters > 3)
            {
                return false;
            }

            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        for (; i < reference.Length; i++)
        {
            if (reference[i] == '$' && row == 0)
            {
                continue;
            }

            if (!char.IsAsciiDigit(reference[i]) || row > XlsxSheetReader.MaxRows)
            {
                return false;
            }

            row = (row * 10) + (reference[i] - '0');
        }

        return column is >= 1 and <= XlsxSheetReader.MaxColumns && row is >= 1 and <= XlsxSheetReader.MaxRows;
    }
}
