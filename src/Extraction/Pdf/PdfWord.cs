namespace Folio.Extraction.Pdf;

/// <summary>
/// One word of a page as the layout steps see it: normalised text, box, baseline, the rendered font
/// size of its first letter, and whether its font is bold.
/// </summary>
internal readonly record struct PdfWord(string Text, BoundingBox Box, double Baseline, double FontSize, bool Bold)
{
    public double CentreX => (Box.X0 + Box.X1) / 2;

    public double CentreY => (Box.Y0 + Box.Y1) / 2;
}
