namespace Folio.Extraction.Pdf;

/// <summary>A run of words on one baseline, left to right, with no column gap inside it.</summary>
internal sealed class TextLine
{
    public TextLine(List<PdfWord> words)
    {
        Words = words;
        var box = words[0].Box;
        var size = 0.0;
        var bold = true;
        var characters = 0;
        var baseline = words[0].Baseline;
        foreach (var word in words)
        {
            box = box.Union(word.Box);
            size = Math.Max(size, word.FontSize);
            bold &= word.Bold;
            characters += word.Text.Length;
        }

        Box = box;
        FontSize = size;
        Bold = bold;
        Characters = characters;
        Baseline = baseline;
    }

    public List<PdfWord> Words { get; }

    public BoundingBox Box { get; }

    /// <summary>The largest rendered font size on the line, in points.</summary>
    public double FontSize { get; }

    /// <summary>True when every word is set in a bold font.</summary>
    public bool Bold { get; }

    public int Characters { get; }

    public double Baseline { get; }
}
