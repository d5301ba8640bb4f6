using Folio.Extraction;

namespace Folio.Api.Features.Parsing;

/// <summary>The JSON shape of a parsed document (the word boxes stay server-side: they feed evidence boxes).</summary>
public sealed record ParsedDocumentResponse(
    string FileName,
    string MediaType,
    int Pages,
    string Text,
    IReadOnlyList<Block> Blocks,
    IReadOnlyList<int> PagesWithoutText,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<PageSize> PageSizes)
{
    public static ParsedDocumentResponse From(ParsedDocument document) => new(
        document.FileName, document.MediaType, document.Pages, document.Text, document.Blocks,
        document.PagesWithoutText, document.Warnings, document.PageSizes);
}
