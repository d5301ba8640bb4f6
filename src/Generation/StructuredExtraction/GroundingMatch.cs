using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Folio.Generation.StructuredExtraction;

/// <summary>
/// When a quote of the document supports a value, by match kind (DESIGN.md, the evidence record):
/// <c>exact</c> — the quote is the value's text; <c>normalized</c> — equal after case, whitespace and
/// punctuation are set aside, or the same date, amount, currency or duration in another format;
/// <c>fuzzy</c> — the letters and digits differ by at most a fifth (edit distance). Grounding returns a
/// span only when its quote passes this check, so grounded evidence can always be re-checked.
/// </summary>
public static class GroundingMatch
{
    /// <summary>The match kinds, strongest first.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["exact", "normalized", "fuzzy"];

    private const double FuzzyRatio = 0.8;

    /// <summary>Whether <paramref name="quote"/> supports <paramref name="value"/> under <paramref name="match"/>.</summary>
    public static bool Holds(string quote, JsonNode value, string match)
    {
        var text = Text(value);
        return match switch
        {
            "exact" => quote == text,
            "normalized" => Compact(quote) is { Length: > 0 } q && q == Compact(text) || SameTyped(quote, value),
            "fuzzy" => Compact(quote) is { Length: >= 4 } q && Similarity(q, Compact(text)) >= FuzzyRatio,
            _ => false,
        };
    }

    /// <summary>The value as text: a string as is, a number in invariant form.</summary>
    public static string Text(JsonNode value) => value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    /// <summary>Letters and digits only, NFKC and lower-cased: what <c>normalized</c> compares.</summary>
    public static string Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>1 minus the edit distance over the longer length.</summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return 1 - (previous[b.Length] / (double)Math.Max(a.Length, b.Length));
    }

    // The whole quote is one date, amount, currency or duration equal to the value.
    private static bool SameTyped(string quote, JsonNode value)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return TypedValues.ToDecimal(quote.Trim()) is { } amount && TypedValues.Amounts(quote).Count() == 1
                && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var expected) && amount == expected;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        var text = value.GetValue<string>();
        bool Whole(IEnumerable<TypedValue> found) => found.Any(f => f.Start == 0 && f.End == quote.Length && Equals(f.Value, text));
        return Whole(TypedValues.Dates(quote, monthFirst: true).Select(d => d with { Value = (string)d.Value + text[Math.Min(10, text.Length)..] }))
            || Whole(TypedValues.Dates(quote, monthFirst: false).Select(d => d with { Value = (string)d.Value + text[Math.Min(10, text.Length)..] }))
            || Whole(TypedValues.Currencies(quote))
            || Whole(TypedValues.Durations(quote));
    }
}
