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

        var blocks = new List<LayoutBlock>();
        foreach (var (table, _) in RulingTableDetector.Detect(page.Paths, words))
        {
            blocks.Add(table);
        }

        blocks.AddRange(BlockSegmenter.Segment(LineBuilder.Build(words)));
        foreach (var block in XyCutReadingOrder.Order(blocks))
        {
            composed.Add(BlockTextComposer.Compose(block, page.Number, scratch));
        }

        return new PageBlocks(page.Number, bottom, top, composed);
    }
}
