using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Folio.Extraction.Tests.Pdf;

/// <summary>Tiny PDFs built with PdfPig's writer (standard 14 fonts), each exercising one layout feature.</summary>
internal static class PdfFixtures
{
    public const string Header = "Folio Quarterly Review";

    /// <summary>
    /// Three A4 pages with a running header and a "Page N" footer. Page 1: a 24 pt title, a 16 pt heading,
    /// a 12 pt bold subheading and two columns of 10 pt body text, the left one with "docu-" / "ment" broken
    /// across a line end. Page 2: one body paragraph. Page 3: a ruled 3 × 3 table and a closing line.
    /// </summary>
    public static byte[] Report()
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        for (var number = 1; number <= 3; number++)
        {
            var page = builder.AddPage(595, 842);
            page.AddText(Header, 9, new PdfPoint(50, 810), regular);
            page.AddText($"Page {number}", 9, new PdfPoint(280, 30), regular);
            switch (number)
            {
                case 1:
                    page.AddText("Annual Report", 24, new PdfPoint(50, 740), bold);
                    page.AddText("Introduction", 16, new PdfPoint(50, 700), bold);
                    page.AddText("Scope and methods", 12, new PdfPoint(50, 675), bold);
                    Lines(page, regular, 50, 650, "Left column first line here", "this long docu-", "ment is about pigs", "and their farms.");
                    Lines(page, regular, 320, 650, "Right column starts here", "with more words about", "cows and goats.");
                    break;
                case 2:
                    Lines(page, regular, 50, 700, "Second page body text", "continues on this line.");
                    break;
                default:
                    Table(page, regular, bold);
                    page.AddText("Closing remarks follow the table.", 10, new PdfPoint(50, 560), regular);
                    break;
            }
        }

        return builder.Build();
    }

    private static void Lines(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, double x, double y, params string[] lines)
    {
        foreach (var line in lines)
        {
            page.AddText(line, 10, new PdfPoint(x, y), font);
            y -= 12;
        }
    }

    /// <summary>A ruled 3 × 3 table (animals, counts, farms) with a bold header row, its top at y = 700.</summary>
    public static void Table(PdfPageBuilder page, PdfDocumentBuilder.AddedFont regular, PdfDocumentBuilder.AddedFont bold)
    {
        string[][] cells = [["Animal", "Count", "Farm"], ["Pig", "12", "North"], ["Cow", "7", "South"]];
        double[] xs = [50, 200, 350, 500];
        double[] ys = [700, 680, 660, 640];
        foreach (var x in xs)
        {
            page.DrawLine(new PdfPoint(x, ys[0]), new PdfPoint(x, ys[^1]), 1);
        }

        foreach (var y in ys)
        {
            page.DrawLine(new PdfPoint(xs[0], y), new PdfPoint(xs[^1], y), 1);
        }

        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                page.AddText(cells[r][c], 10, new PdfPoint(xs[c] + 5, ys[r] - 14), r == 0 ? bold : regular);
            }
        }
    }
}
