using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Folio.Generation.StructuredExtraction;

/// <summary>A typed value found in text: where it lies and what it means (a date as ISO 8601, an amount as a decimal, an IBAN without spaces…).</summary>
internal sealed record TypedValue(int Start, int End, object Value);

/// <summary>
/// Typed parsers over document text, in English, German, French and Dutch: dates (to ISO 8601),
/// amounts, currencies (ISO 4217), numbers, durations, emails, phones, IBANs (checksum), BICs,
/// VAT ids and company names. Each returns every match with its span, in text order.
/// </summary>
internal static partial class TypedValues
{
    private static readonly Dictionary<string, int> Months = BuildMonths();

    private static readonly Dictionary<string, string> CurrencySymbols = new(StringComparer.Ordinal)
    {
        ["€"] = "EUR", ["$"] = "USD", ["£"] = "GBP", ["₹"] = "INR", ["¥"] = "JPY", ["Rs"] = "INR", ["Rs."] = "INR",
    };

    private static readonly HashSet<string> CurrencyCodes = new(StringComparer.Ordinal)
    {
        "EUR", "USD", "GBP", "CHF", "INR", "JPY", "CNY", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
        "RON", "BGN", "HRK", "TRY", "RUB", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "AED", "SAR", "ILS",
    };

    // ISO 13616 lengths of the commonest countries; others are checked by checksum only.
    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["DE"] = 22, ["FR"] = 27, ["NL"] = 18, ["AT"] = 20, ["CH"] = 21, ["BE"] = 16, ["IT"] = 27, ["ES"] = 24, ["GB"] = 22,
        ["LU"] = 20, ["PL"] = 28, ["DK"] = 18, ["SE"] = 24, ["IE"] = 22, ["PT"] = 25, ["FI"] = 18, ["NO"] = 15, ["CZ"] = 24,
    };

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15,
        ["sixteen"] = 16, ["eighteen"] = 18, ["twenty"] = 20, ["twenty-four"] = 24, ["thirty"] = 30, ["thirty-six"] = 36,
        ["forty-eight"] = 48, ["sixty"] = 60, ["ninety"] = 90, ["a"] = 1, ["an"] = 1,
    };

    /// <summary>Dates, as <c>yyyy-MM-dd</c>; <paramref name="monthFirst"/> reads 03/05/2018 as March 5 (English documents).</summary>
    public static IEnumerable<TypedValue> Dates(string text, bool monthFirst)
    {
        foreach (Match m in DatePattern().Matches(text))
        {
            if (ToDate(m, monthFirst) is { } date)
            {
                yield return new TypedValue(m.Index, m.Index + m.Length, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Amounts with their decimal value (sign kept); a currency symbol or code next to one is not part of it.</summary>
    public static IEnumerable<TypedValue> Amounts(string text)
    {
        foreach (Match m in AmountPattern().Matches(text))
        {
            if (ToDecimal(m.Value) is { } value)
            {
                yield return new TypedValue(m.Index, m.Index + m.Length, value);
            }
        }
    }

    /// <summary>Currencies as ISO 4217 codes, from codes written as words or from symbols.</summary>
    public static IEnumerable<TypedValue> Currencies(string text)
    {
        foreach (Match m in CurrencyPattern().Matches(text))
        {
            var code = CurrencySymbols.TryGetValue(m.Value, out var c) ? c : m.Value.ToUpperInvariant();
            if (CurrencyCodes.Contains(code))
            {
                yield return new TypedValue(m.Index, m.Index + m.Length, code);
            }
        }
    }

    /// <summary>Email addresses.</summary>
    public static IEnumerable<TypedValue> Emails(string text) =>
        EmailPattern().Matches(text).Select(m => new TypedValue(m.Index, m.Index + m.Length, m.Value));

    /// <summary>URLs.</summary>
    public static IEnumerable<TypedValue> Urls(string text) =>
        UrlPattern().Matches(text).Select(m => new TypedValue(m.Index, m.Index + m.Length, m.Value.TrimEnd('.', ',', ')')));

    /// <summary>Phone numbers (7 to 15 digits), as printed.</summary>
    public static IEnumerable<TypedValue> Phones(string text) =>
        PhonePattern().Matches(text)
            .Where(m => m.Value.Count(char.IsAsciiDigit) is >= 7 and <= 15)
            .Select(m => new TypedValue(m.Index, m.Index + m.Length, m.Value.Trim()));

    /// <summary>IBANs whose ISO 13616 check digits are right, without spaces.</summary>
    public static IEnumerable<TypedValue> Ibans(string text)
    {
        foreach (Match m in IbanPattern().Matches(text))
        {
            // Printed groups may run into the next word: try the longest valid prefix.
            var compact = m.Value.Replace(" ", "", StringComparison.Ordinal);
            for (var length = Math.Min(compact.Length, 34); length >= 15; length--)
            {
                if (IsIban(compact[..length]))
                {
                    yield return new TypedValue(m.Index, m.Index + SpanLength(m.Value, length), compact[..length]);
                    break;
                }
            }
        }
    }

    /// <summary>BIC / SWIFT codes (8 or 11 characters).</summary>
    public static IEnumerable<TypedValue> Bics(string text) =>
        BicPattern().Matches(text).Select(m => new TypedValue(m.Index, m.Index + m.Length, m.Value));

    /// <summary>VAT identification numbers (EU style: country code and 8 to 12 characters with digits), as printed.</summary>
    public static IEnumerable<TypedValue> VatIds(string text) =>
        VatPattern().Matches(text)
            .Where(m => m.Value.Count(char.IsAsciiDigit) >= 7)
            .Select(m => new TypedValue(m.Index, m.Index + m.Length, m.Value.TrimEnd()));

    /// <summary>Whole and decimal numbers.</summary>
    public static IEnumerable<TypedValue> Numbers(string text) => Amounts(text);

    /// <summary>Durations as <c>&lt;number&gt; &lt;unit&gt;</c>, the unit as written ("two (2) years" is "2 years").</summary>
    public static IEnumerable<TypedValue> Durations(string text)
    {
        foreach (Match m in DurationPattern().Matches(text))
        {
            var digits = m.Groups["digits"].Success ? m.Groups["digits"].Value : m.Groups["paren"].Success ? m.Groups["paren"].Value : null;
            int number;
            if (digits is not null)
            {
                number = int.Parse(digits, CultureInfo.InvariantCulture);
            }
            else if (!NumberWords.TryGetValue(m.Groups["word"].Value, out number))
            {
                continue;
            }

            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            // "a two-year period", "twelve month term": the unit is singular in the text but the number says plural.
            if (number != 1 && !unit.EndsWith('s'))
            {
                unit += "s";
            }

            yield return new TypedValue(m.Index, m.Index + m.Length, $"{number.ToString(CultureInfo.InvariantCulture)} {unit}");
        }
    }

    /// <summary>Company names: capitalised words ending with a legal form (Inc., LLC, GmbH, S.A. …).</summary>
    public static IEnumerable<TypedValue> Companies(string text) =>
        CompanyPattern().Matches(text).Select(m => new TypedValue(m.Index, m.Index + m.Length, m.Value.TrimEnd(',', ' ')));

    /// <summary>Whether <paramref name="text"/> is only a legal form ("GmbH", "Inc."): then the name is the word before it.</summary>
    public static bool IsLegalForm(string text) => LegalFormPattern().IsMatch(text.Trim());

    /// <summary>The decimal an amount's text means, reading the last separator followed by one or two digits as the decimal mark.</summary>
    public static decimal? ToDecimal(string value)
    {
        var text = value.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        var negative = text.StartsWith('-') || text.StartsWith('−') || (text.StartsWith('(') && text.EndsWith(')'));
        text = text.Trim('-', '−', '(', ')', '+');
        var last = text.LastIndexOfAny(['.', ',']);
        string digits;
        if (last >= 0 && text.Length - last - 1 is 1 or 2)
        {
            digits = text[..last].Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal) + "." + text[(last + 1)..];
        }
        else
        {
            digits = text.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        }

        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) ? (negative ? -parsed : parsed) : null;
    }

    /// <summary>Whether <paramref name="iban"/> (no spaces) passes the ISO 13616 mod-97 check.</summary>
    public static bool IsIban(string iban)
    {
        if (iban.Length is < 15 or > 34 || !iban.All(char.IsAsciiLetterOrDigit)
            || (IbanLengths.TryGetValue(iban[..2], out var length) && iban.Length != length))
        {
            return false;
        }

        var rearranged = iban[4..] + iban[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (char.ToUpperInvariant(c) - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        return BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97 == 1;
    }

    /// <summary>The date a date match means; null when it names no real day.</summary>
    public static DateOnly? ToDate(Match m, bool monthFirst)
    {
        int year, month, day;
        if (m.Groups["iy"].Success)
        {
            (year, month, day) = (Int(m.Groups["iy"]), Int(m.Groups["im"]), Int(m.Groups["id"]));
        }
        else if (m.Groups["na"].Success)
        {
            var (a, b) = (Int(m.Groups["na"]), Int(m.Groups["nb"]));
            year = Year(Int(m.Groups["ny"]), m.Groups["ny"].Length);
            var dotted = m.Groups["sep"].Value == ".";
            (month, day) = a > 12 ? (b, a) : b > 12 ? (a, b) : monthFirst && !dotted ? (a, b) : (b, a);
        }
        else if (m.Groups["md"].Success)
        {
            (day, month, year) = (Int(m.Groups["md"]), Months[Key(m.Groups["mm"].Value)], Year(Int(m.Groups["my"]), m.Groups["my"].Length));
        }
        else
        {
            (month, day, year) = (Months[Key(m.Groups["mm2"].Value)], Int(m.Groups["md2"]), Year(Int(m.Groups["my2"]), m.Groups["my2"].Length));
        }

        return year is >= 1900 and <= 2199 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    private static int Year(int year, int digits) => digits == 2 ? 2000 + year : year;

    private static int Int(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    private static string Key(string month) => month.TrimEnd('.').ToLowerInvariant();

    // How many characters of the printed value hold its first compactLength non-space characters.
    private static int SpanLength(string printed, int compactLength)
    {
        var seen = 0;
        for (var i = 0; i < printed.Length; i++)
        {
            if (printed[i] != ' ' && ++seen == compactLength)
            {
                return i + 1;
            }
        }

        return printed.Length;
    }

    private static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "januar", "janvier", "januari", "jänner", "jan"],
            ["february", "februar", "février", "fevrier", "februari", "feb", "fév", "fev"],
            ["march", "märz", "maerz", "mars", "maart", "mar", "mär", "mrt"],
            ["april", "avril", "apr", "avr"],
            ["may", "mai", "mei"],
            ["june", "juni", "juin", "jun"],
            ["july", "juli", "juillet", "jul", "juil"],
            ["august", "août", "aout", "augustus", "aug"],
            ["september", "septembre", "sep", "sept"],
            ["october", "oktober", "octobre", "oct", "okt"],
            ["november", "novembre", "nov"],
            ["december", "dezember", "décembre", "decembre", "dec", "dez", "déc"],
        ];
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i])
            {
                months[name] = i + 1;
            }
        }

        return months;
    }

    private const string MonthNames =
        "January|Januar|Janvier|Januari|Jänner|February|Februar|Février|Fevrier|Februari|March|März|Maerz|Mars|Maart|April|Avril|May|Mai|Mei|June|Juni|Juin|July|Juli|Juillet|August|Août|Aout|Augustus|September|Septembre|October|Oktober|Octobre|November|Novembre|December|Dezember|Décembre|Decembre|"
        + "Jan\\.?|Feb\\.?|Fév\\.?|Mar\\.?|Mär\\.?|Mrt\\.?|Apr\\.?|Avr\\.?|Jun\\.?|Jul\\.?|Juil\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Okt\\.?|Nov\\.?|Dec\\.?|Dez\\.?|Déc\\.?";

    [GeneratedRegex(
        @"(?<![\d.,])(?:(?<iy>(?:19|20|21)\d\d)-(?<im>\d\d)-(?<id>\d\d)"
        + @"|(?<na>\d{1,2})(?<sep>[./-])(?<nb>\d{1,2})\k<sep>(?<ny>\d{4}|\d{2})"
        + @"|(?<md>\d{1,2})(?:st|nd|rd|th|er|\.)?(?:\s+day)?(?:\s+of)?[\s-]+(?<mm>" + MonthNames + @")[\s,-]+(?<my>\d{4})"
        + @"|(?<mm2>" + MonthNames + @")\s+(?<md2>\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(?<my2>\d{4}))(?![\d])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex DatePattern();

    // 1.234,56 / 1,234.56 / 1 234,56 / 1'234.56 / 473.00 / -56,87 / 1939
    [GeneratedRegex(@"(?<![\w.,\-])[-−]?(?!0\d)\d{1,3}(?:(?:[.,'’]|\u00A0| (?=\d{3}(?!\d)))\d{3})*(?:[.,]\d{1,2})?(?![\d]|[.,]\d|-\d)|(?<![\w.,\-])[-−]?(?!0\d)\d+(?:[.,]\d{1,2})?(?![\d]|[.,]\d|-\d)")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"\b[A-Z]{3}\b|€|\$|£|₹|¥|\bRs\.?(?=\s|\d)")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex(@"^(?:Inc\.?|LLC|Ltd\.?|Limited|Corp\.?|Corporation|GmbH|GMBH|AG|SA|SAS|SARL|S\.A\.|N\.V\.|B\.V\.|PLC|LLP|KG|SE)$", RegexOptions.IgnoreCase)]
    private static partial Regex LegalFormPattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""|]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"(?<![\w+])\+?\(?\d[\d ()./-]{5,20}\d(?!\w)")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"\b[A-Z]{4}(?:AT|BE|BG|CH|CY|CZ|DE|DK|EE|ES|FI|FR|GB|GR|HR|HU|IE|IT|LT|LU|LV|MT|NL|NO|PL|PT|RO|SE|SI|SK|US|IN|CA|AU|JP|CN)[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b")]
    private static partial Regex BicPattern();

    [GeneratedRegex(@"\b(?:AT|BE|BG|CH|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK)[ -]?(?:U ?)?[0-9A-Z](?:[ .]?[0-9A-Z]){7,13}\b")]
    private static partial Regex VatPattern();

    [GeneratedRegex(
        @"(?:(?<digits>\d{1,3})|(?<word>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|twenty-four|thirty|thirty-six|forty-eight|sixty|ninety|an?)(?:\s*\((?<paren>\d{1,3})\))?)[\s-]+(?:calendar\s+|full\s+|consecutive\s+)?(?<unit>years?|months?|weeks?|days?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    private const string LegalForms =
        @"Inc\.?|INC\.?|Incorporated|L\.?L\.?C\.?|Ltd\.?|LTD\.?|Limited|Corp\.?|CORP\.?|Corporation|CORPORATION|Company|Co\.|GmbH|GMBH|AG|S\.A\.|SAS|SARL|SA|N\.V\.|B\.V\.|PLC|plc|L\.?P\.|LLP|Holdings?|Trust";

    // Up to six capitalised words, a legal form, and possibly a second one ("Globex Holdings LLC").
    [GeneratedRegex(
        @"\b(?!(?:WHEREAS|Whereas|The|THE|This|THIS|Such|Each|Any)\b)(?:[A-Z][\w&'’.-]*,?(?:[ \t]+|\n(?!\n))(?:(?:and|&|of|de|du|des|und|the)[ \t]+)?){1,6}?(?:" + LegalForms + @")(?:,?[ \t]+(?:" + LegalForms + @"))?(?![\w])")]
    private static partial Regex CompanyPattern();
}
