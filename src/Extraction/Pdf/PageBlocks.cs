namespace Folio.Extraction.Pdf;

/// <summary>One page's composed blocks in reading order, with the page's vertical extent in PDF points.</summary>
internal sealed record PageBlocks(int Page, double Bottom, double Top, List<ComposedBlock> Blocks);
