namespace Folio.Extraction.Pdf;

/// <summary>
/// One word of a page as the layout steps see it: normalised text; <see cref="Box"/> and
/// <see cref="Baseline"/> in the frame of its writing direction (rotated so the text runs left to right,
/// identical to page coordinates for upright text); <see cref="PageBox"/> in page coordinates, for output;
/// the rendered font size of its first letter; whether its font is bold; and its writing direction in
/// quarter turns counter-clockwise (0 = upright).
/// </summary>
internal readonly record struct PdfWord(string Text, BoundingBox Box, BoundingBox PageBox, double Baseline, double FontSize, bool Bold, int Direction)
{
    public double CentreX => (Box.X0 + Box.X1) / 2;

    public double CentreY => (Box.Y0 + Box.Y1) / 2;
}
