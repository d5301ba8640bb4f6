namespace Folio.Extraction.Chunking;

/// <summary>
/// Cuts a span of the document text that is over the token budget into pieces within it, at the
/// coarsest boundary that works: table cells (for a table row), then lines, then sentences, then
/// words; pieces are packed greedily, so consecutive small segments share a piece. Each piece is a
/// span of the text with no leading or trailing whitespace. Only a single "word" over the budget
/// (a long URL or base64 run) is cut between characters.
/// </summary>
internal sealed class SpanSplitter(string text, TokenMeter meter)
{
    /// <summary>Boundaries tried, coarsest first.</summary>
    public enum Level
    {
        /// <summary>Between the cells of a table row.</summary>
        Cells,
        /// <summary>At line breaks.</summary>
        Lines,
        /// <summary>After sentence-ending punctuation.</summary>
        Sentences,
        /// <summary>At whitespace.</summary>
        Words,
        /// <summary>Between characters (never inside a surrogate pair).</summary>
        Characters,
    }

    // Estimates within this factor of the budget are re-counted exactly before being rejected.
    private const double NearLimit = 1.15;

    // Longest prefix tried when cutting one word between characters: a token rarely spans more characters.
    private const int CharactersPerTokenCap = 32;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "fig", "figs", "no", "nos", "inc", "ltd", "co", "cf", "al", "eq", "approx", "dept", "vol", "pp", "jr", "sr",
    };

    /// <summary>A piece: the span [Start, End) and its token count.</summary>
    public readonly record struct Piece(int Start, int End, int Tokens);

    /// <summary>
    /// Splits [<paramref name="start"/>, <paramref name="end"/>) into pieces of at most
    /// <paramref name="budget"/> tokens; the first piece gets <paramref name="firstBudget"/> instead
    /// (room left in a chunk it may join).
    /// </summary>
    public List<Piece> Split(int start, int end, int budget, int firstBudget, Level level)
    {
        var run = new Run(this, budget, firstBudget);
        run.Split(start, end, level, knownTokens: null);
        run.Flush();
        return run.Output;
    }

    private sealed class Run(SpanSplitter splitter, int budget, int firstBudget)
    {
        private int _groupStart = -1;
        private int _groupEnd;
        private int _groupTokens;

        public List<Piece> Output { get; } = [];

        private int Budget => Output.Count == 0 ? firstBudget : budget;

        public void Split(int start, int end, Level level, int? knownTokens)
        {
            (start, end) = splitter.Trim(start, end);
            if (start >= end)
            {
                return;
            }

            var tokens = knownTokens ?? splitter.Count(start, end);
            if (tokens <= Budget || level == Level.Characters)
            {
                if (level == Level.Characters && tokens > Budget)
                {
                    Flush();
                    CutCharacters(start, end);
                }
                else
                {
                    Add(start, end, tokens);
                }

                return;
            }

            var segments = splitter.Segments(start, end, level);
            if (segments.Count == 1)
            {
                Split(start, end, level + 1, tokens);
                return;
            }

            foreach (var (segmentStart, segmentEnd) in segments)
            {
                Split(segmentStart, segmentEnd, level + 1, knownTokens: null);
            }
        }

        /// <summary>Adds a segment within budget to the open group, or closes the group and opens another.</summary>
        private void Add(int start, int end, int tokens)
        {
            if (_groupStart >= 0)
            {
                var estimate = _groupTokens + splitter.Count(_groupEnd, start) + tokens;
                if (estimate <= Budget)
                {
                    (_groupEnd, _groupTokens) = (end, estimate);
                    return;
                }

                if (estimate <= Budget * NearLimit && splitter.Count(_groupStart, end) is var exact && exact <= Budget)
                {
                    (_groupEnd, _groupTokens) = (end, exact);
                    return;
                }

                Flush();
            }

            (_groupStart, _groupEnd, _groupTokens) = (start, end, tokens);
        }

        public void Flush()
        {
            if (_groupStart >= 0)
            {
                Output.Add(new Piece(_groupStart, _groupEnd, _groupTokens));
                _groupStart = -1;
            }
        }

        /// <summary>The longest prefixes within budget, found by bisection on the prefix length.</summary>
        private void CutCharacters(int start, int end)
        {
            while (start < end)
            {
                int low = 1, high = Math.Min(end - start, Math.Max(1, Budget) * CharactersPerTokenCap), best = 1, bestTokens = -1;
                while (low <= high)
                {
                    var mid = (low + high) / 2;
                    var tokens = splitter.Count(start, start + mid);
                    if (tokens <= Budget)
                    {
                        (best, bestTokens, low) = (mid, tokens, mid + 1);
                    }
                    else
                    {
                        high = mid - 1;
                    }
                }

                var cut = start + best;
                if (cut < end && char.IsLowSurrogate(splitter._text[cut]) && best > 1)
                {
                    cut--;
                    bestTokens = -1;
                }
                else if (cut < end && char.IsLowSurrogate(splitter._text[cut]))
                {
                    cut++;
                    bestTokens = -1;
                }

                Output.Add(new Piece(start, cut, bestTokens >= 0 ? bestTokens : splitter.Count(start, cut)));
                start = cut;
            }
        }
    }

    private readonly string _text = text;

    private int Count(int start, int end) => meter.Count(_text, start, end);

    private (int Start, int End) Trim(int start, int end)
    {
        while (start < end && char.IsWhiteSpace(_text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(_text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    /// <summary>The non-blank segments of [start, end) between boundaries of one level.</summary>
    private List<(int Start, int End)> Segments(int start, int end, Level level)
    {
        var segments = new List<(int, int)>();
        var segmentStart = start;
        var separator = TableRow.CellSeparator;
        for (var i = start; i < end; i++)
        {
            var (segmentEnd, next) = level switch
            {
                Level.Cells => i + separator.Length <= end && string.CompareOrdinal(_text, i, separator, 0, separator.Length) == 0
                    ? (i, i + separator.Length) : (-1, -1),
                Level.Lines => _text[i] == '\n' ? (i, i + 1) : (-1, -1),
                Level.Sentences => SentenceEnd(i, end) is var after and >= 0 ? (after, after) : (-1, -1),
                _ => char.IsWhiteSpace(_text[i]) ? (i, i + 1) : (-1, -1),
            };
            if (segmentEnd < 0)
            {
                continue;
            }

            Keep(segments, segmentStart, segmentEnd);
            segmentStart = next;
            i = next - 1;
        }

        Keep(segments, segmentStart, end);
        return segments;
    }

    private void Keep(List<(int, int)> segments, int start, int end)
    {
        var (s, e) = Trim(start, end);
        if (s < e)
        {
            segments.Add((s, e));
        }
    }

    /// <summary>
    /// If a sentence ends at <paramref name="i"/> (terminal punctuation, closing quotes or brackets,
    /// then whitespace and no lowercase letter), the offset just after it; else -1. CJK full stops end a
    /// sentence without whitespace. Single letters and common abbreviations before a period do not.
    /// </summary>
    private int SentenceEnd(int i, int end)
    {
        var c = _text[i];
        if (c is '。' or '！' or '？')
        {
            return i + 1;
        }

        if (c is not ('.' or '!' or '?' or '…'))
        {
            return -1;
        }

        var after = i + 1;
        while (after < end && _text[after] is '.' or '!' or '?' or '…' or '"' or '\'' or '”' or '’' or ')' or ']')
        {
            after++;
        }

        if (after < end && !char.IsWhiteSpace(_text[after]))
        {
            return -1;
        }

        var next = after;
        while (next < end && char.IsWhiteSpace(_text[next]))
        {
            next++;
        }

        if (next < end && char.IsLower(_text[next]))
        {
            return -1;
        }

        return c == '.' && IsAbbreviation(i) ? -1 : after;
    }

    private bool IsAbbreviation(int period)
    {
        var wordStart = period;
        while (wordStart > 0 && char.IsLetter(_text[wordStart - 1]))
        {
            wordStart--;
        }

        var length = period - wordStart;
        return length == 1 || (length > 1 && Abbreviations.Contains(_text[wordStart..period]));
    }
}
