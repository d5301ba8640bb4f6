using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;
using PdfPigOptions = UglyToad.PdfPig.ParsingOptions;

namespace Folio.Extraction.Pdf;

/// <summary>
/// Reads PDFs with PdfPig: each page is laid out by <see cref="PdfPageReader"/> (own fast line and block
/// grouping over PdfPig's words, X-Y cut reading order, ruled tables, line-end hyphenation), then running
/// headers/footers (<see cref="RunningHeaderFooterDetector"/>) and headings
/// (<see cref="FontStatisticsHeadingClassifier"/>) are found across the whole document, and every block is
/// added with its word boxes so any span of the text maps back to a box on its page.
/// </summary>
/// <remarks>
/// Failures: a document that needs a password is <see cref="ParseFailure.DocumentEncrypted"/> (an empty user
/// password is tried by PdfPig itself); one PdfPig cannot open even with lenient parsing is
/// <see cref="ParseFailure.DocumentUnreadable"/>; a page that throws is skipped with a warning, unless all do.
/// </remarks>
internal sealed class PdfParser(ParsingOptions options) : IDocumentParser
{
    private const int FailedPagesListed = 20;

    private readonly ParsingOptions _options = options;

    public DocumentFormat Format => DocumentFormat.Pdf;

    public ParsedDocument Parse(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        using var document = Open(content);
        var pageCount = document.NumberOfPages;
        if (pageCount > _options.MaxPages)
        {
            throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                $"The PDF has {pageCount:N0} pages; the limit is {_options.MaxPages:N0}.");
        }

        var builder = new ParsedDocumentBuilder(fileName, "application/pdf") { Pages = Math.Max(1, pageCount) };
        var pages = ReadPages(document, pageCount, builder, cancellationToken);
        RunningHeaderFooterDetector.Mark(pages);
        FontStatisticsHeadingClassifier.Classify(pages);
        MarkListItems(pages);
        foreach (var page in pages)
        {
            foreach (var block in page.Blocks)
            {
                if (block.Rows is not null)
                {
                    builder.AddTable(block.Rows, block.Page, block.Box, block.CellBoxes);
                }
                else
                {
                    builder.AddLocated(block.Kind, block.Text, block.Page, block.Words, block.Level);
                }
            }
        }

        return builder.Build();
    }

    // After headings, so that a numbered heading ("2. Methods") stays a heading.
    private static void MarkListItems(List<PageBlocks> pages)
    {
        foreach (var page in pages)
        {
            foreach (var block in page.Blocks)
            {
                var space = block.Text.IndexOf(' ', StringComparison.Ordinal);
                if (block.Kind == BlockKind.Paragraph && space > 0 && ListItemMarker.IsMarker(block.Text[..space]))
                {
                    block.Kind = BlockKind.ListItem;
                    block.Level = 1;
                }
            }
        }
    }

    private static PdfDocument Open(Stream content)
    {
        content.Position = 0;
        var bytes = new byte[content.Length];
        content.ReadExactly(bytes);
        if (!XrefStreamWidthGuard.LooksSafe(bytes))
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable, "The PDF's cross-reference stream is damaged.");
        }

        try
        {
            return PdfDocument.Open(bytes, new PdfPigOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw Encrypted(e);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not DocumentParseException)
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable, "The PDF is damaged and could not be opened.", e);
        }
    }

    private static DocumentParseException Encrypted(Exception e) =>
        new(ParseFailure.DocumentEncrypted, "The PDF is encrypted and needs a password to open.", e);

    private List<PageBlocks> ReadPages(PdfDocument document, int pageCount, ParsedDocumentBuilder builder, CancellationToken cancellationToken)
    {
        var pages = new List<PageBlocks>(pageCount);
        var failed = new List<int>();
        var scratch = new StringBuilder();
        var unmapped = 0;
        long characters = 0;
        for (var number = 1; number <= pageCount; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PageBlocks page;
            try
            {
                var pdfPage = document.GetPage(number);
                builder.AddPageSize(number, pdfPage.Width, pdfPage.Height);
                page = PdfPageReader.Read(pdfPage, scratch, out var unmappedOnPage);
                unmapped += unmappedOnPage;
            }
            catch (PdfDocumentEncryptedException e)
            {
                throw Encrypted(e);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                failed.Add(number);
                continue;
            }

            if (page.Blocks.Count == 0)
            {
                builder.AddPageWithoutText(number);
            }

            foreach (var block in page.Blocks)
            {
                characters += block.Text.Length + 2;
            }

            if (characters > _options.MaxTextCharacters)
            {
                throw new DocumentParseException(ParseFailure.DocumentTooLarge,
                    $"The PDF has more than {_options.MaxTextCharacters:N0} characters of text.");
            }

            pages.Add(page);
        }

        if (pageCount > 0 && failed.Count == pageCount)
        {
            throw new DocumentParseException(ParseFailure.DocumentUnreadable, "No page of the PDF could be read.");
        }

        if (failed.Count > 0)
        {
            var listed = string.Join(", ", failed.Take(FailedPagesListed)) + (failed.Count > FailedPagesListed ? ", …" : string.Empty);
            builder.AddWarning($"{failed.Count} page(s) could not be read and were skipped: {listed}.");
        }

        if (unmapped > 0)
        {
            builder.AddWarning($"{unmapped} word(s) in fonts without a Unicode mapping were dropped.");
        }

        return pages;
    }
}
