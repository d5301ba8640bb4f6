using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Folio.Generation.StructuredExtraction;

/// <summary>A value the extractive path found for a field: its span in the document text and how sure it is.</summary>
internal sealed record FoundValue(int Start, int End, JsonNode Value, double Score);

/// <summary>
/// Schema-guided extraction without a model and without training. For each leaf field:
/// 1. find its labels (<see cref="FieldProfile"/>) in the text: "Label: value" on the same line, the
///    value on the next lines, or the same column of a table's following row;
/// 2. run the field kind's typed parser (<see cref="TypedValues"/>) on the text after each label, and add
///    label-free candidates where the kind is distinctive (an IBAN with a valid checksum, a governing-law
///    clause, a currency code);
/// 3. score each candidate by label weight and distance, plus the embedding similarity between the
///    field's name and description and the candidate's line; the best above a floor wins, else null.
/// Arrays of names (a contract's parties) are the names of the opening sentence; other arrays gather every
/// distinct value found near a label.
/// </summary>
internal sealed partial class ExtractiveExtractor(IEmbeddingGenerator<string, Embedding<float>> embedder)
{
    private const double SimilarityWeight = 0.35;
    private const double MinScore = 0.3;
    private const int CandidatesPerField = 8;
    private const int LabelWindow = 120;

    /// <summary>The best value per field of <paramref name="fields"/> in <paramref name="text"/> (null where nothing fits).</summary>
    public async Task<IReadOnlyList<FoundValue?>> ExtractAsync(string text, IReadOnlyList<FieldProfile> fields, CancellationToken cancellationToken = default)
    {
        var monthFirst = IsEnglish(text);
        var lines = new LineIndex(text);
        var candidates = fields.Select(f => Candidates(text, lines, f, monthFirst).Where(c => f.Kind != FieldKind.Duration || AboutTheField(text, c, f))
                .GroupBy(c => (c.Start, c.End)).Select(g => g.MaxBy(c => c.Score)!)
                .OrderByDescending(c => c.Score).Take(CandidatesPerField).ToList())
            .ToList();
        var contexts = candidates.SelectMany(list => list.Select(c => lines.LineAround(c.Start))).Distinct(StringComparer.Ordinal).ToList();
        var queries = fields.Select(f => f.Query).ToList();
        Dictionary<string, ReadOnlyMemory<float>> vectors = new(StringComparer.Ordinal);
        if (contexts.Count > 0)
        {
            var inputs = queries.Concat(contexts).Distinct(StringComparer.Ordinal).ToList();
            var embeddings = await embedder.GenerateAsync(inputs, cancellationToken: cancellationToken);
            for (var i = 0; i < inputs.Count; i++)
            {
                vectors[inputs[i]] = embeddings[i].Vector;
            }
        }

        var results = new List<FoundValue?>();
        for (var i = 0; i < fields.Count; i++)
        {
            var best = candidates[i]
                .Select(c => c with { Score = c.Score + (SimilarityWeight * TensorPrimitives.CosineSimilarity(vectors[queries[i]].Span, vectors[lines.LineAround(c.Start)].Span)) })
                .OrderByDescending(c => c.Score)
                .FirstOrDefault();
            results.Add(best is not null && best.Score >= MinScore ? best : null);
        }

        BalanceTotals(text, fields, results);
        return results;
    }

    /// <summary>
    /// An invoice's totals add up: net + tax = gross. When the net, tax and gross fields found by label
    /// do not, and the document holds amounts that do, those are taken (the largest such gross, the
    /// last place each is written). Where a prepayment makes the amount due differ, nothing changes.
    /// </summary>
    private static void BalanceTotals(string text, IReadOnlyList<FieldProfile> fields, List<FoundValue?> results)
    {
        var net = fields.ToList().FindIndex(f => f.Kind == FieldKind.Amount && f.Labels.Contains("total net"));
        var tax = fields.ToList().FindIndex(f => f.Kind == FieldKind.Amount && f.Labels.Contains("total tax"));
        var gross = fields.ToList().FindIndex(f => f.Kind == FieldKind.Amount && f.Labels.Contains("amount due"));
        if (net < 0 || tax < 0 || gross < 0)
        {
            return;
        }

        decimal? Value(int i) => results[i]?.Value.GetValue<decimal>();
        if (Value(net) + Value(tax) == Value(gross))
        {
            return;
        }

        // Amounts with decimals, each at the last place it is written.
        var amounts = TypedValues.Amounts(text)
            .Where(a => text.AsSpan(a.Start, a.End - a.Start).IndexOfAny(".,") >= 0 && !IsPercent(text, a))
            .GroupBy(a => (decimal)a.Value).ToDictionary(g => g.Key, g => g.Last());
        if (amounts.Count > 400)
        {
            return;
        }

        (TypedValue Net, TypedValue Tax, TypedValue Gross)? best = null;
        foreach (var (n, netAt) in amounts)
        {
            foreach (var (t, taxAt) in amounts)
            {
                if (t > 0 && t < n && amounts.TryGetValue(n + t, out var grossAt) && (best is null || n + t > (decimal)best.Value.Gross.Value))
                {
                    best = (netAt, taxAt, grossAt);
                }
            }
        }

        if (best is { } found)
        {
            results[net] = new FoundValue(found.Net.Start, found.Net.End, JsonValue.Create((decimal)found.Net.Value), 1);
            results[tax] = new FoundValue(found.Tax.Start, found.Tax.End, JsonValue.Create((decimal)found.Tax.Value), 1);
            results[gross] = new FoundValue(found.Gross.Start, found.Gross.End, JsonValue.Create((decimal)found.Gross.Value), 1);
        }
    }

    /// <summary>
    /// A duration belongs to the field when its sentence names what the field's description is about
    /// (the term "of the agreement": a word of six letters or more from the description) and is not about
    /// a covenant that runs for its own period (not soliciting or hiring staff).
    /// </summary>
    private static bool AboutTheField(string text, FoundValue candidate, FieldProfile field)
    {
        var start = Math.Max(text.LastIndexOf('.', Math.Max(0, candidate.Start - 1)) + 1, candidate.Start - 400);
        var end = text.IndexOf('.', candidate.End) is var stop and >= 0 ? Math.Min(stop, candidate.End + 400) : Math.Min(text.Length, candidate.End + 400);
        var sentence = text[start..end];
        var subjects = DescriptionWordPattern().Matches(field.Field.Description.ToLowerInvariant()).Select(m => m.Value)
            .Where(w => w is not ("number" or "months" or "stated" or "written" or "document" or "example"))
            .ToList();
        return (subjects.Count == 0 || subjects.Exists(w => sentence.Contains(w, StringComparison.OrdinalIgnoreCase)))
            && !CovenantPattern().IsMatch(sentence);
    }

    /// <summary>Every distinct value for an array field's items, in text order, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<FoundValue> ExtractList(string text, FieldProfile items, int max)
    {
        if (items.Kind == FieldKind.Name)
        {
            return Parties(text, max);
        }

        var lines = new LineIndex(text);
        return Candidates(text, lines, items, IsEnglish(text))
            .Where(c => c.Score >= MinScore)
            .GroupBy(c => c.Value.ToJsonString(), StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.Start).First())
            .OrderBy(c => c.Start)
            .Take(max)
            .ToList();
    }

    private static IEnumerable<FoundValue> Candidates(string text, LineIndex lines, FieldProfile field, bool monthFirst)
    {
        foreach (var candidate in Labelled(text, lines, field, monthFirst))
        {
            yield return candidate;
        }

        foreach (var candidate in Unlabelled(text, field, monthFirst))
        {
            yield return candidate;
        }
    }

    /// <summary>Values after the field's labels: on the label's line, on the next two lines, or below it in a table column.</summary>
    private static IEnumerable<FoundValue> Labelled(string text, LineIndex lines, FieldProfile field, bool monthFirst)
    {
        for (var rank = 0; rank < field.Labels.Count; rank++)
        {
            var label = field.Labels[rank];
            var weight = (0.55 + (0.35 * Math.Min(label.Length, 16) / 16.0)) * Math.Max(0.7, 1 - (0.015 * rank));
            foreach (var at in Occurrences(text, label))
            {
                var after = at + label.Length;
                var line = lines.LineOf(at);
                // Same line, after the label.
                var sameLine = Math.Min(lines.End(line), after + LabelWindow);
                foreach (var found in Parse(text, after, sameLine, field, monthFirst).Take(1))
                {
                    // "Lieferant GmbH" under the label "Lieferant": the label word is part of the name.
                    var value = field.Kind == FieldKind.Name && TypedValues.IsLegalForm(found.Value.ToString())
                        ? found with { Start = at, Value = JsonValue.Create(text[at..found.End]) }
                        : found;
                    var gap = value.Start < after ? 0 : text.AsSpan(after, value.Start - after).Trim(" :#.|\t-–").Length;
                    yield return value with { Score = weight * (1 - Math.Min(0.4, gap * 0.01)) };
                }

                // The next two lines.
                // The next non-empty lines (blocks are separated by blank lines).
                var below = Enumerable.Range(line + 1, Math.Max(0, Math.Min(lines.Count - line - 1, 12)))
                    .Where(l => lines.End(l) > lines.Start(l)).Take(field.Kind == FieldKind.Name ? 6 : 2).ToList();
                for (var next = 1; next <= below.Count; next++)
                {
                    var from = lines.Start(below[next - 1]);
                    foreach (var value in Parse(text, from, Math.Min(lines.End(below[next - 1]), from + LabelWindow), field, monthFirst).Take(1))
                    {
                        yield return value with { Score = weight * (next == 1 ? 0.75 : 0.6 - (0.05 * (next - 2))) };
                    }
                }

                // A table header cell: the same column of the next rows.
                if (lines.Text(line).Contains(Folio.Extraction.TableRow.CellSeparator, StringComparison.Ordinal))
                {
                    var column = lines.Text(line)[..(at - lines.Start(line))].Split(Folio.Extraction.TableRow.CellSeparator).Length - 1;
                    for (var next = 1; next <= 2 && line + next < lines.Count; next++)
                    {
                        if (lines.Cell(line + next, column) is { } cell)
                        {
                            foreach (var value in Parse(text, cell.Start, cell.End, field, monthFirst).Take(1))
                            {
                                yield return value with { Score = weight * (next == 1 ? 0.85 : 0.65) };
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Values that need no label: their form alone says what they are.</summary>
    private static IEnumerable<FoundValue> Unlabelled(string text, FieldProfile field, bool monthFirst)
    {
        switch (field.Kind)
        {
            case FieldKind.Iban:
                foreach (var iban in TypedValues.Ibans(text))
                {
                    yield return new FoundValue(iban.Start, iban.End, JsonValue.Create((string)iban.Value), 0.5);
                }

                break;
            case FieldKind.Currency:
                var currencies = TypedValues.Currencies(text).ToList();
                foreach (var group in currencies.GroupBy(c => (string)c.Value).OrderByDescending(g => g.Count()).Take(1))
                {
                    var first = group.First();
                    yield return new FoundValue(first.Start, first.End, JsonValue.Create(group.Key), 0.5);
                }

                break;
            case FieldKind.Jurisdiction:
                foreach (Match m in GoverningLawPattern().Matches(text))
                {
                    var name = m.Groups["name"];
                    yield return new FoundValue(name.Index, name.Index + name.Length, JsonValue.Create(name.Value), 0.9);
                    break;
                }

                break;
            case FieldKind.Duration:
                foreach (Match m in TermPattern().Matches(text))
                {
                    foreach (var duration in TypedValues.Durations(m.Value).Take(1))
                    {
                        yield return new FoundValue(m.Index + duration.Start, m.Index + duration.End, JsonValue.Create((string)duration.Value), 0.7);
                    }
                }

                break;
            case FieldKind.Date when field.Labels.Contains("dated as of") || field.Labels.Contains("invoice date"):
                // A contract's effective date and an invoice's date are usually the first date of the document.
                foreach (var date in TypedValues.Dates(text[..Math.Min(text.Length, 1500)], monthFirst).Take(1))
                {
                    yield return new FoundValue(date.Start, date.End, JsonValue.Create((string)date.Value), 0.4);
                }

                break;
            case FieldKind.Amount when field.Labels.Contains("amount due"):
                // The amount to pay is most often the largest amount of an invoice.
                var largest = TypedValues.Amounts(text)
                    .Where(a => !IsPercent(text, a) && text.AsSpan(a.Start, a.End - a.Start).IndexOfAny(".,") >= 0)
                    .MaxBy(a => Math.Abs((decimal)a.Value));
                if (largest is not null)
                {
                    yield return new FoundValue(largest.Start, largest.End, JsonValue.Create((decimal)largest.Value), 0.35);
                }

                break;
            case FieldKind.Name when field.Labels.Contains("seller"):
                // The seller's name is usually the first company named (the letterhead).
                foreach (var company in TypedValues.Companies(text).Take(1))
                {
                    yield return new FoundValue(company.Start, company.End, JsonValue.Create((string)company.Value), 0.35);
                }

                break;
            case FieldKind.VatId:
                foreach (var vat in TypedValues.VatIds(text).Take(1))
                {
                    yield return new FoundValue(vat.Start, vat.End, JsonValue.Create(Clean(field, (string)vat.Value)), 0.35);
                }

                break;
            case FieldKind.Email:
            case FieldKind.Url:
                foreach (var value in (field.Kind == FieldKind.Email ? TypedValues.Emails(text) : TypedValues.Urls(text)).Take(1))
                {
                    yield return new FoundValue(value.Start, value.End, JsonValue.Create((string)value.Value), 0.35);
                }

                break;
        }
    }

    /// <summary>The first values of the field's kind in text[from..to).</summary>
    private static IEnumerable<FoundValue> Parse(string text, int from, int to, FieldProfile field, bool monthFirst)
    {
        if (to <= from)
        {
            yield break;
        }

        var window = text[from..to];
        IEnumerable<TypedValue> values = field.Kind switch
        {
            FieldKind.Date => TypedValues.Dates(window, monthFirst),
            FieldKind.Amount => TypedValues.Amounts(window).Where(v => !IsPercent(window, v) && LooksLikeAmount(window, v)),
            FieldKind.Number => TypedValues.Amounts(window).Where(v => !IsPercent(window, v)),
            FieldKind.Integer => TypedValues.Amounts(window).Where(v => (decimal)v.Value == decimal.Truncate((decimal)v.Value) && !IsPercent(window, v)),
            FieldKind.Currency => TypedValues.Currencies(window),
            FieldKind.Email => TypedValues.Emails(window),
            FieldKind.Url => TypedValues.Urls(window),
            FieldKind.Phone => TypedValues.Phones(window),
            FieldKind.Iban => TypedValues.Ibans(window),
            FieldKind.Bic => TypedValues.Bics(window),
            FieldKind.VatId => TypedValues.VatIds(window),
            FieldKind.Duration => TypedValues.Durations(window),
            FieldKind.Identifier => IdentifierPattern().Matches(window)
                .Where(m => !TypedValues.Dates(m.Value.TrimEnd('.'), monthFirst).Any())
                // "(380)" is a code beside the number, not the number.
                .Where(m => !(m.Index > 0 && window[m.Index - 1] == '(' && m.Index + m.Length < window.Length && window[m.Index + m.Length] == ')'))
                .Select(m => new TypedValue(m.Index, m.Index + m.Length, m.Value.TrimEnd('.'))),
            FieldKind.Name or FieldKind.Text or FieldKind.Jurisdiction => Phrase(window),
            FieldKind.Enum => EnumValues(window, field),
            FieldKind.Boolean => Booleans(window),
            _ => [],
        };
        foreach (var value in values)
        {
            if (ToJson(field, value) is { } json)
            {
                yield return new FoundValue(from + value.Start, from + value.End, json, 0);
            }
        }
    }

    private static JsonNode? ToJson(FieldProfile field, TypedValue value) => (field.Field.Type, value.Value) switch
    {
        (FieldType.Number, decimal d) => JsonValue.Create(d),
        (FieldType.Integer, decimal d) => JsonValue.Create((long)d),
        (FieldType.String, decimal) => JsonValue.Create(value.Value.ToString()),
        (FieldType.Boolean, bool b) => JsonValue.Create(b),
        (FieldType.String, string s) when field.Field.Format == "date-time" => JsonValue.Create(s + "T00:00:00Z"),
        (FieldType.String, string s) => JsonValue.Create(Clean(field, s)),
        (_, JsonNode node) => node.DeepClone(),
        _ => null,
    };

    private static string Clean(FieldProfile field, string value) =>
        field.WithoutSpaces ? value.Replace(" ", "", StringComparison.Ordinal) : value;

    // An amount has decimals, or is short: a long run of digits is an id, a phone or an account number.
    private static bool LooksLikeAmount(string window, TypedValue value) =>
        window.AsSpan(value.Start, value.End - value.Start).IndexOfAny(".,") >= 0 || value.End - value.Start <= 5;

    private static bool IsPercent(string window, TypedValue value) =>
        window.AsSpan(value.End).TrimStart(' ').StartsWith("%");

    /// <summary>The phrase a label introduces: up to the end of its cell or line, or a sentence break.</summary>
    private static IEnumerable<TypedValue> Phrase(string window)
    {
        var m = PhrasePattern().Match(window);
        var v = m.Groups["v"];
        var trimmed = v.Value.TrimEnd(' ', ',', ';', '.');
        // Not a label itself ("Name:"), not a sentence, and with a word of two letters or more.
        if (m.Success && trimmed.Length >= 3 && !trimmed.EndsWith(':') && !LabelWordPattern().IsMatch(trimmed) && !window.AsSpan(v.Index + v.Length).TrimStart(' ').StartsWith(":")
            && trimmed.Count(c => c == ' ') < 8 && LetterWordPattern().IsMatch(trimmed) && trimmed.Count(char.IsDigit) * 3 < trimmed.Length)
        {
            yield return new TypedValue(v.Index, v.Index + trimmed.Length, trimmed);
        }
    }

    private static IEnumerable<TypedValue> EnumValues(string window, FieldProfile field)
    {
        foreach (var option in field.Field.Enum ?? [])
        {
            if (option is null)
            {
                continue;
            }

            var written = option.GetValueKind() == System.Text.Json.JsonValueKind.String ? option.GetValue<string>() : option.ToJsonString();
            var at = Occurrences(window, written).FirstOrDefault(-1);
            if (at >= 0)
            {
                yield return new TypedValue(at, at + written.Length, option);
            }
        }
    }

    private static IEnumerable<TypedValue> Booleans(string window)
    {
        var m = BooleanPattern().Match(window);
        if (m.Success)
        {
            var yes = m.Value.ToLowerInvariant() is "yes" or "ja" or "oui" or "true" or "x" or "✓" or "☒";
            yield return new TypedValue(m.Index, m.Index + m.Length, yes);
        }
    }

    /// <summary>Where <paramref name="label"/> occurs as whole words, case-insensitively.</summary>
    private static IEnumerable<int> Occurrences(string text, string label)
    {
        var from = 0;
        while (from < text.Length && text.IndexOf(label, from, StringComparison.OrdinalIgnoreCase) is var at and >= 0)
        {
            var end = at + label.Length;
            // A long label may end a German compound ("Handelsrechnung" ends with "rechnung").
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]) || (label.Length >= 8 && char.IsLetter(text[at - 1]) && char.IsLower(text[at])
                && char.IsLetter(label[0]));
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(label[^1]);
            if (before && after)
            {
                yield return at;
            }

            from = at + 1;
        }
    }

    /// <summary>
    /// The parties of a contract: the names in its opening sentence ("between A and B", "by and among …"):
    /// company names with a legal form, and people's names right after "between", "and" or "among".
    /// </summary>
    private static List<FoundValue> Parties(string text, int max)
    {
        var opening = OpeningPattern().Match(text[..Math.Min(text.Length, 6000)]);
        var (from, to) = opening.Success ? (opening.Index, Math.Min(text.Length, opening.Index + 1000)) : (0, Math.Min(text.Length, 1500));
        // The opening sentence ends at a full stop before a capital, or where the recitals begin.
        if (opening.Success && to - from > 40 && SentenceEndPattern().Match(text, from + 40, to - from - 40) is { Success: true } stop)
        {
            to = stop.Index + 1;
        }

        var region = text[from..to];
        var names = TypedValues.Companies(region).Select(c => (c.Start, c.End, Name: (string)c.Value))
            .Concat(PersonPattern().Matches(region).Select(m => (Start: m.Groups["n"].Index, End: m.Groups["n"].Index + m.Groups["n"].Length, Name: m.Groups["n"].Value)))
            .OrderBy(n => n.Start).ThenByDescending(n => n.End)
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parties = new List<FoundValue>();
        foreach (var (start, end, name) in names)
        {
            var key = Regex.Replace(name.ToLowerInvariant(), @"[^\p{L}\p{N}]+", "");
            if (name.Length < 4 || !seen.Add(key) || parties.Any(p => p.Start <= from + start && from + end <= p.End))
            {
                continue;
            }

            parties.Add(new FoundValue(from + start, from + start + name.Length, JsonValue.Create(name), 1));
            if (parties.Count == max)
            {
                break;
            }
        }

        return parties;
    }

    /// <summary>Whether the text reads as English (03/05/2018 is then March 5).</summary>
    private static bool IsEnglish(string text)
    {
        var sample = text.Length > 20_000 ? text[..20_000] : text;
        var english = EnglishPattern().Count(sample);
        var other = OtherLanguagePattern().Count(sample);
        return english > other;
    }

    /// <summary>Lines of a text, with their offsets.</summary>
    private sealed class LineIndex
    {
        private readonly string _text;
        private readonly List<int> _starts = [0];

        public LineIndex(string text)
        {
            _text = text;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public int Count => _starts.Count;

        public int LineOf(int offset)
        {
            var i = _starts.BinarySearch(offset);
            return i >= 0 ? i : ~i - 1;
        }

        public int Start(int line) => _starts[line];

        public int End(int line) => line + 1 < _starts.Count ? _starts[line + 1] - 1 : _text.Length;

        public string Text(int line) => _text[Start(line)..End(line)];

        /// <summary>The line holding <paramref name="offset"/>, at most 300 characters of it.</summary>
        public string LineAround(int offset)
        {
            var line = LineOf(offset);
            var text = Text(line);
            return text.Length <= 300 ? text : text.Substring(Math.Clamp(offset - Start(line) - 150, 0, text.Length - 300), 300);
        }

        /// <summary>The span of cell <paramref name="column"/> of a table row line; null when the line has fewer cells.</summary>
        public (int Start, int End)? Cell(int line, int column)
        {
            var text = Text(line);
            var start = 0;
            for (var c = 0; c < column; c++)
            {
                var next = text.IndexOf(Folio.Extraction.TableRow.CellSeparator, start, StringComparison.Ordinal);
                if (next < 0)
                {
                    return null;
                }

                start = next + Folio.Extraction.TableRow.CellSeparator.Length;
            }

            var end = text.IndexOf(Folio.Extraction.TableRow.CellSeparator, start, StringComparison.Ordinal);
            return (Start(line) + start, Start(line) + (end < 0 ? text.Length : end));
        }
    }

    [GeneratedRegex(@"(?:governed|construed|interpreted|enforced|governing\s+law)[^.]{0,250}?laws?\s+of\s+(?:the\s+)?(?:(?:State|Commonwealth|Province|Republic)\s+of\s+)?(?<name>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex GoverningLawPattern();

    // A duration after words that introduce a contract's term, in the same sentence.
    [GeneratedRegex(@"(?:\bterm\b|\bperiod\s+of\b|remain\s+in\s+(?:full\s+force\s+and\s+)?effect|shall\s+continue|shall\s+expire|shall\s+terminate)[^.;]{0,150}?(?:\d{1,3}|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|thirty-six)\b)(?:\s*\(\d{1,3}\))?[\s-]+(?:calendar\s+|full\s+)?(?:years?|months?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TermPattern();

    [GeneratedRegex(@"[A-Za-z0-9#][A-Za-z0-9#/_.-]*\d[A-Za-z0-9/_.-]*")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^[\s:#.|\-–]*(?<v>[\p{L}\p{N}][^\n|]{0,100}?)(?=\s*(?:\||\n|$|\.\s|;))")]
    private static partial Regex PhrasePattern();

    [GeneratedRegex(@"\b(?:yes|no|ja|nein|oui|non|true|false)\b|[x✓☒☐]", RegexOptions.IgnoreCase)]
    private static partial Regex BooleanPattern();

    // Words that label a value rather than being one.
    [GeneratedRegex(@"^(?:nummer|number|no|nr|name|anschrift|address|adresse|steuernummer|tax number|tel|telefon|telephone|phone|fax|e-?mail|datum|date|beschreibung|description|pos|art-nr.*|globale nummer|ust.*|vat.*|iban|bic|seite \d+.*|page \d+.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex LabelWordPattern();

    [GeneratedRegex(@"\p{L}{6,}")]
    private static partial Regex DescriptionWordPattern();

    [GeneratedRegex(@"solicit|\bhire\b|\bhiring\b|\bemploy|recruit", RegexOptions.IgnoreCase)]
    private static partial Regex CovenantPattern();

    [GeneratedRegex(@"\p{L}{2}")]
    private static partial Regex LetterWordPattern();

    [GeneratedRegex(@"\b(?:by\s+and\s+between|by\s+and\s+among|between|among)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OpeningPattern();

    [GeneratedRegex(@"(?:\bbetween|\band|\bamong)\s+(?:Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+|Dr\.?\s+)?(?<n>[A-Z][a-z]+(?:[ \t\n]+[A-Z]\.)?(?:[ \t]+|\n(?!\n))[A-Z][a-z]+(?:(?:[ \t]+|\n(?!\n))[A-Z][a-z]+)?)(?=\s*(?:,|\(|\band\b|$))")]
    private static partial Regex PersonPattern();

    [GeneratedRegex(@"(?<!\b[A-Z])(?<!\b(?:Inc|Corp|Ltd|Co|No|Mr|Ms|Mrs|Dr|Jr|Sr|St))\.\s+(?=[A-Z])|\bWHEREAS\b|\bRECITALS\b|\bW\s?I\s?T\s?N\s?E\s?S\s?S", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEndPattern();



    [GeneratedRegex(@"\b(?:the|and|of|this|shall|agreement|with|for)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishPattern();

    [GeneratedRegex(@"\b(?:der|die|das|und|mit|für|le|la|les|et|des|pour|het|een|van)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherLanguagePattern();
}
