using System.Text.Json;
using System.Text.Json.Nodes;

namespace Folio.Generation.StructuredExtraction;

/// <summary>
/// Locates a value in a document's text: exact first, then normalised (case, whitespace, punctuation,
/// number, date, currency and duration formats), then fuzzy; a found span is returned only when
/// <see cref="GroundingMatch.Holds"/> confirms it.
/// </summary>
internal static class ValueGrounder
{
    private const int MaxFuzzyWords = 60_000;

    /// <summary>Where <paramref name="value"/> lies in <paramref name="text"/>, trying the span the extractor found first; null when nowhere.</summary>
    public static (int Start, int End, string Match)? Ground(string text, JsonNode value, (int Start, int End)? found = null)
    {
        if (found is { } span && span.Start >= 0 && span.End <= text.Length && span.End > span.Start)
        {
            var quote = text[span.Start..span.End];
            foreach (var kind in GroundingMatch.Kinds)
            {
                if (GroundingMatch.Holds(quote, value, kind))
                {
                    return (span.Start, span.End, kind);
                }
            }
        }

        return Locate(text, value);
    }

    private static (int Start, int End, string Match)? Locate(string text, JsonNode value)
    {
        if (value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return null;
        }

        var written = GroundingMatch.Text(value);
        if (written.Length == 0)
        {
            return null;
        }

        var at = text.IndexOf(written, StringComparison.Ordinal);
        if (at >= 0)
        {
            return (at, at + written.Length, "exact");
        }

        // Typed values in other formats: the parsers' spans, confirmed by the check.
        var typed = value.GetValueKind() == JsonValueKind.Number
            ? TypedValues.Amounts(text)
            : TypedValues.Dates(text, monthFirst: true).Concat(TypedValues.Dates(text, monthFirst: false)).Concat(TypedValues.Currencies(text)).Concat(TypedValues.Durations(text));
        foreach (var candidate in typed)
        {
            if (GroundingMatch.Holds(text[candidate.Start..candidate.End], value, "normalized"))
            {
                return (candidate.Start, candidate.End, "normalized");
            }
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        return Compacted(text, written) ?? Fuzzy(text, written);
    }

    // The value's letters and digits, found among the text's letters and digits.
    private static (int, int, string)? Compacted(string text, string value)
    {
        var target = GroundingMatch.Compact(value);
        if (target.Length == 0)
        {
            return null;
        }

        var (compact, offsets) = CompactWithOffsets(text);
        var at = compact.IndexOf(target, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var (start, end) = (offsets[at], offsets[at + target.Length - 1] + 1);
        return GroundingMatch.Holds(text[start..end], JsonValue.Create(value), "normalized") ? (start, end, "normalized") : null;
    }

    // Word windows as long as the value (give or take a word) whose letters and digits are close to it.
    private static (int, int, string)? Fuzzy(string text, string value)
    {
        var target = GroundingMatch.Compact(value);
        if (target.Length < 4)
        {
            return null;
        }

        var words = System.Text.RegularExpressions.Regex.Matches(text, @"\S+").Take(MaxFuzzyWords).ToList();
        var count = System.Text.RegularExpressions.Regex.Count(value, @"\S+");
        (int Start, int End, double Score)? best = null;
        for (var i = 0; i < words.Count; i++)
        {
            // A cheap filter: the window must start with the value's first letter or digit.
            if (GroundingMatch.Compact(words[i].Value) is not { Length: > 0 } first || first[0] != target[0])
            {
                continue;
            }

            for (var n = Math.Max(1, count - 1); n <= count + 1 && i + n <= words.Count; n++)
            {
                var (start, end) = (words[i].Index, words[i + n - 1].Index + words[i + n - 1].Length);
                var score = GroundingMatch.Similarity(GroundingMatch.Compact(text[start..end]), target);
                if (score > (best?.Score ?? 0))
                {
                    best = (start, end, score);
                }
            }
        }

        return best is { } b && GroundingMatch.Holds(text[b.Start..b.End], JsonValue.Create(value), "fuzzy") ? (b.Start, b.End, "fuzzy") : null;
    }

    private static (string Compact, List<int> Offsets) CompactWithOffsets(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var offsets = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            // Per character: NFKC of one character may expand, which the offsets follow.
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                foreach (var n in c.ToString().Normalize(System.Text.NormalizationForm.FormKC))
                {
                    if (char.IsLetterOrDigit(n))
                    {
                        builder.Append(char.ToLowerInvariant(n));
                        offsets.Add(i);
                    }
                }
            }
        }

        return (builder.ToString(), offsets);
    }
}
