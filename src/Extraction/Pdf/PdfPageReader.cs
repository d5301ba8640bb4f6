using System.Text;
using UglyToad.PdfPig.Content;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Lays out one page: words (<see cref="PdfWordReader"/>) → ruled tables (<see cref="RulingTableDetector"/>)
/// → lines (<see cref="LineBuilder"/>) → blocks (<see cref="BlockSegmenter"/>) → reading order
/// (<see cref="XyCutReadingOrder"/>) → text and word boxes (<see cref="BlockTextComposer"/>).
/// Document-wide steps (running headers, headings) run afterwards on the result.
/// </summary>
internal static class PdfPageReader
{
    public static PageBlocks Read(Page page, StringBuilder scratch, out int unmappedWords)
    {
        var words = PdfWordReader.Read(page, out unmappedWords);
        var media = page.MediaBox.Bounds;
        var bottom = Math.Min(media.Bottom, media.Top);
        var top = Math.Max(media.Bottom, media.Top);
        var composed = new List<ComposedBlock>();
        if (words.Count == 0)
        {
            return new PageBlocks(page.Number, bottom, top, composed);
        }

        // Upright text first (with tables), then each rotated direction in its own frame.
        var upright = Split(words, out var rotated);
        var blocks = new List<LayoutBlock>();
        foreach (var (table, _) in RulingTableDetector.Detect(page.Paths, upright))
        {
            blocks.Add(table);
        }

        blocks.AddRange(BlockSegmenter.Segment(LineBuilder.Build(upright)));
        Compose(blocks, page.Number, scratch, composed);
        if (rotated is not null)
        {
            foreach (var direction in rotated.Keys.Order())
            {
                Compose(BlockSegmenter.Segment(LineBuilder.Build(rotated[direction])), page.Number, scratch, composed);
            }
        }

        return new PageBlocks(page.Number, bottom, top, composed);
    }

    private static void Compose(List<LayoutBlock> blocks, int page, StringBuilder scratch, List<ComposedBlock> composed)
    {
        foreach (var block in XyCutReadingOrder.Order(blocks))
        {
            composed.Add(BlockTextComposer.Compose(block, page, scratch));
        }
    }

    private static List<PdfWord> Split(List<PdfWord> words, out Dictionary<int, List<PdfWord>>? rotated)
    {
        rotated = null;
        List<PdfWord>? upright = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Direction == 0)
            {
                upright?.Add(word);
                continue;
            }

            if (upright is null)
            {
                upright = new List<PdfWord>(words.Count);
                upright.AddRange(words.GetRange(0, i));
            }

            rotated ??= [];
            if (!rotated.TryGetValue(word.Direction, out var group))
            {
                group = [];
                rotated[word.Direction] = group;
            }

            group.Add(word);
        }

        return upright ?? words;
    }
}
