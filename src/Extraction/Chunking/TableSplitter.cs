namespace Folio.Extraction.Chunking;

/// <summary>
/// Cuts a table over the token budget into row groups. A row is never split across groups unless it
/// alone is over the budget; then it is cut between cells (and a single cell over the budget at
/// sentences, then words). Every group after the first starts with the header: the leading
/// <see cref="TableRow.IsHeader"/> rows, else the first row; the header is repeated only while it
/// takes at most half the budget, so that rows still fit beside it.
/// </summary>
internal sealed class TableSplitter(string text, TokenMeter meter, SpanSplitter splitter)
{
    /// <summary>One chunk's worth of a table: the text to embed, the covered span and its token estimate.</summary>
    public readonly record struct Part(string Text, int Start, int End, int Tokens, bool IsContinuation);

    /// <summary>True when the block's rows rebuild its text exactly, so row spans can be computed.</summary>
    public static bool HasRowSpans(Block table) =>
        table.Rows is { Count: > 0 } rows && string.Join('\n', rows.Select(r => r.ToText())) == table.Text;

    /// <summary>
    /// Splits <paramref name="table"/> (see <see cref="HasRowSpans"/>) into parts of at most
    /// <paramref name="budget"/> tokens. The first part may start earlier, at <paramref name="leadStart"/>
    /// (headings carried into it), which costs <paramref name="leadTokens"/> of its budget.
    /// </summary>
    public List<Part> Split(Block table, int budget, int leadStart, int leadTokens)
    {
        // 1. Row spans and token counts, each row counted once.
        var rows = table.Rows!;
        var spans = new (int Start, int End, int Tokens)[rows.Count];
        var position = table.Start;
        for (var i = 0; i < rows.Count; i++)
        {
            var length = rows[i].ToText().Length;
            spans[i] = (position, position + length, meter.Count(text, position, position + length));
            position += length + 1;
        }

        // 2. The header and whether it can be repeated.
        var headerRows = Math.Max(1, rows.TakeWhile(r => r.IsHeader).Count());
        var header = text[table.Start..spans[headerRows - 1].End];
        var newline = meter.Count("\n");
        var headerTokens = meter.Count(header) + newline;
        var repeat = rows.Count > headerRows && headerTokens <= budget / 2;

        // 3. Greedy row groups; a group that does not begin the table and starts after the header repeats it.
        var parts = new List<Part>();
        int groupFirst = -1, groupTokens = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var rowBudget = RowBudget(parts.Count, i);
            if (groupFirst >= 0 && groupTokens + newline + spans[i].Tokens <= RowBudget(parts.Count, groupFirst))
            {
                groupTokens += newline + spans[i].Tokens;
                continue;
            }

            if (groupFirst >= 0)
            {
                Emit(groupFirst, i - 1, groupTokens);
                groupFirst = -1;
                rowBudget = RowBudget(parts.Count, i);
            }

            if (spans[i].Tokens <= rowBudget)
            {
                (groupFirst, groupTokens) = (i, spans[i].Tokens);
                continue;
            }

            // A row alone over the budget: cell groups, each its own part.
            foreach (var piece in splitter.Split(spans[i].Start, spans[i].End, rowBudget, rowBudget, SpanSplitter.Level.Cells))
            {
                EmitSpan(i, piece.Start, piece.End, piece.Tokens);
            }
        }

        if (groupFirst >= 0)
        {
            Emit(groupFirst, rows.Count - 1, groupTokens);
        }

        return parts;

        bool Repeats(int partIndex, int row) => repeat && partIndex > 0 && row >= headerRows;

        int RowBudget(int partIndex, int row) =>
            partIndex == 0 ? budget - leadTokens : budget - (Repeats(partIndex, row) ? headerTokens : 0);

        void Emit(int first, int last, int tokens) => EmitSpan(first, spans[first].Start, spans[last].End, tokens);

        void EmitSpan(int row, int start, int end, int tokens)
        {
            var partIndex = parts.Count;
            if (partIndex == 0)
            {
                start = Math.Min(start, leadStart);
                parts.Add(new Part(text[start..end], start, end, tokens + leadTokens, false));
            }
            else if (Repeats(partIndex, row))
            {
                parts.Add(new Part(header + "\n" + text[start..end], start, end, tokens + headerTokens, true));
            }
            else
            {
                parts.Add(new Part(text[start..end], start, end, tokens, true));
            }
        }
    }
}
