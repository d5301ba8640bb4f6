using System.Text;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Turns a <see cref="LayoutBlock"/> into its text and word boxes: words (already normalised) joined by
/// one space, lines by '\n' (kept rather than flattened, so addresses, code and verse keep their shape;
/// <see cref="TextNormalizer"/> leaves both as they are), and words hyphenated across a line end joined
/// per <see cref="LineEndHyphenation"/>: the two halves keep their own boxes, adjacent in the text.
/// </summary>
internal static class BlockTextComposer
{
    public static ComposedBlock Compose(LayoutBlock block, int page, StringBuilder scratch)
    {
        if (block.Rows is not null)
        {
            return new ComposedBlock
            {
                Page = page, Text = string.Empty, Words = [], Box = block.Box, Rows = block.Rows, CellBoxes = block.CellBoxes, Kind = BlockKind.Table,
            };
        }

        scratch.Clear();
        var words = new List<WordBox>();
        var sizeCharacters = new Dictionary<double, int>();
        var bold = true;
        BoundingBox? box = null;
        var lines = block.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            bold &= line.Bold;
            for (var j = 0; j < line.Words.Count; j++)
            {
                var word = line.Words[j];
                var text = word.Text;
                if (j > 0)
                {
                    scratch.Append(' ');
                }
                else if (i > 0)
                {
                    var previous = words[^1];
                    if (LineEndHyphenation.Joins(lines[i - 1].Words[^1].Text, text))
                    {
                        scratch.Length--;
                        words[^1] = previous with { End = previous.End - 1 };
                    }
                    else
                    {
                        scratch.Append('\n');
                    }
                }

                var start = scratch.Length;
                scratch.Append(text);
                words.Add(new WordBox(start, scratch.Length, page, word.PageBox));
                box = box is { } b ? b.Union(word.PageBox) : word.PageBox;
                var size = Math.Round(word.FontSize * 2) / 2;
                sizeCharacters[size] = sizeCharacters.GetValueOrDefault(size) + text.Length;
            }
        }

        return new ComposedBlock
        {
            Page = page,
            Text = scratch.ToString(),
            Words = words,
            Box = box ?? block.Box,
            FontSize = Dominant(sizeCharacters),
            Bold = bold,
            LineCount = lines.Count,
        };
    }

    private static double Dominant(Dictionary<double, int> sizeCharacters)
    {
        var best = 0.0;
        var bestCount = -1;
        foreach (var (size, count) in sizeCharacters)
        {
            if (count > bestCount || (count == bestCount && size > best))
            {
                best = size;
                bestCount = count;
            }
        }

        return best;
    }
}
