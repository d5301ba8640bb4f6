namespace Folio.Api.Features.Batches;

/// <summary>One request of a batch, as the runner claims it: its 1-based line number in the input file, the batch's owner (API key id), its url and its JSON body.</summary>
public sealed record BatchLine(string BatchId, int Line, string? Owner, string CustomId, string Url, string Body);
