using System.Globalization;
using System.Text;

namespace Folio.Extraction.Office;

/// <summary>
/// How a cell's number is shown: as a date (ISO <c>yyyy-MM-dd</c>), a date-time
/// (<c>yyyy-MM-dd HH:mm</c>), a time of day (<c>HH:mm</c>), a percentage, or the invariant number
/// with floating-point noise trimmed (15 significant digits, as Excel keeps).
/// </summary>
/// <param name="Kind">The rendering.</param>
/// <param name="Decimals">Decimal places of a percentage.</param>
internal sealed record XlsxNumberFormat(XlsxNumberKind Kind, int Decimals = 0)
{
    public static XlsxNumberFormat General { get; } = new(XlsxNumberKind.Number);

    /// <summary>Classifies a number format from its id (built-ins) and code (custom formats).</summary>
    public static XlsxNumberFormat From(int id, string? code)
    {
        switch (id)
        {
            case >= 14 and <= 17:
                return new(XlsxNumberKind.Date);
            case >= 18 and <= 21 or 45 or 46 or 47:
                return new(XlsxNumberKind.Time);
            case 22:
                return new(XlsxNumberKind.DateTime);
            case 9:
                return new(XlsxNumberKind.Percent, 0);
            case 10:
                return new(XlsxNumberKind.Percent, 2);
        }

        return code is null ? General : FromCode(code);
    }

    /// <summary>The cell's text for a raw <c>&lt;v&gt;</c> value.</summary>
    public string Render(string raw, bool date1904)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            return raw;
        }

        switch (Kind)
        {
            case XlsxNumberKind.Date or XlsxNumberKind.DateTime or XlsxNumberKind.Time when ToDate(number, date1904) is { } date:
                return Kind switch
                {
                    XlsxNumberKind.Date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    XlsxNumberKind.Time when number is >= 0 and < 1 => date.ToString("HH:mm", CultureInfo.InvariantCulture),
                    _ => date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                };
            case XlsxNumberKind.Percent:
                return Math.Round(number * 100, Decimals, MidpointRounding.AwayFromZero).ToString("F" + Decimals, CultureInfo.InvariantCulture) + "%";
            default:
                return number.ToString("G15", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>An Excel serial date as a date-time, rounded to the second; null when out of range.</summary>
    internal static DateTime? ToDate(double serial, bool date1904)
    {
        if (date1904)
        {
            serial += 1462;
        }
        else if (serial < 61)
        {
            // Excel's 1900 system counts a 29 February 1900 that never was; OLE dates do not.
            serial += 1;
        }

        if (serial is < -657434 or > 2958465)
        {
            return null;
        }

        var date = DateTime.FromOADate(serial);
        return new DateTime(date.Ticks - (date.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified)
            .AddSeconds(date.Millisecond >= 500 ? 1 : 0);
    }

    private static XlsxNumberFormat FromCode(string code)
    {
        // Only the first section (positive numbers) matters; quoted text, escaped characters and
        // [colour]/[$-locale] brackets are not date letters. Elapsed-time brackets ([h], [mm]) are.
        var section = code.Split(';')[0];
        if (section.Trim().ToLowerInvariant() is "general" or "standard" or "@")
        {
            return General;
        }

        var letters = new StringBuilder();
        for (var i = 0; i < section.Length; i++)
        {
            var c = section[i];
            if (c == '"')
            {
                var close = section.IndexOf('"', i + 1);
                i = close < 0 ? section.Length : close;
            }
            else if (c is '\\' or '_' or '*')
            {
                i++;
            }
            else if (c == '[')
            {
                var close = section.IndexOf(']', i + 1);
                var inside = close < 0 ? string.Empty : section[(i + 1)..close];
                if (inside.Length > 0 && inside.All(ch => ch is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                {
                    letters.Append(inside);
                }

                i = close < 0 ? section.Length : close;
            }
            else
            {
                letters.Append(char.ToLowerInvariant(c));
            }
        }

        var plain = letters.ToString();
        var hasTime = plain.Contains('h') || plain.Contains('s');
        var hasDate = plain.Contains('d') || plain.Contains('y') || (plain.Contains('m') && !hasTime);
        if (hasDate || hasTime)
        {
            return new(hasDate && hasTime ? XlsxNumberKind.DateTime : hasDate ? XlsxNumberKind.Date : XlsxNumberKind.Time);
        }

        if (plain.Contains('%'))
        {
            var point = plain.IndexOf('.');
            var decimals = point < 0 ? 0 : plain.Skip(point + 1).TakeWhile(ch => ch is '0' or '#' or '?').Count();
            return new(XlsxNumberKind.Percent, Math.Min(decimals, 10));
        }

        return General;
    }
}
