using Folio.Extraction.Tests.Pdf;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Folio.Api.Tests.Features.Review;

/// <summary>
/// A small three-page invoice packet built with PdfPig's writer (standard 14 fonts): a running header and
/// "Page N" footer on every page; page 1 a title, a heading and a paragraph; page 2 the invoice's labelled
/// values; page 3 a ruled table. Its words have boxes, so pages can be drawn and evidence located.
/// </summary>
internal static class ReviewPdf
{
    public const string InvoiceNumber = "R-2024-0042";

    public static byte[] Invoice()
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        for (var number = 1; number <= 3; number++)
        {
            var page = builder.AddPage(595, 842);
            page.AddText("Lieferant GmbH supply packet", 9, new PdfPoint(50, 810), regular);
            page.AddText($"Page {number}", 9, new PdfPoint(280, 30), regular);
            switch (number)
            {
                case 1:
                    page.AddText("Supply Agreement Review", 24, new PdfPoint(50, 740), bold);
                    page.AddText("Introduction", 16, new PdfPoint(50, 700), bold);
                    Lines(page, regular, 50, 675, "This packet holds the invoice for the farm supplies", "and a table of the animals counted on each farm.");
                    break;
                case 2:
                    page.AddText("Invoice", 16, new PdfPoint(50, 740), bold);
                    Lines(page, regular, 50, 710,
                        $"Invoice number: {InvoiceNumber}",
                        "Invoice date: 05.03.2024",
                        "Amount due: 1,234.56 EUR",
                        "Payment is due within thirty days to the account of Lieferant GmbH.");
                    break;
                default:
                    PdfFixtures.Table(page, regular, bold);
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
            page.AddText(line, 11, new PdfPoint(x, y), font);
            y -= 16;
        }
    }
}
