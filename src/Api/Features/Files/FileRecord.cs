namespace Folio.Api.Features.Files;

/// <summary>A stored file: a batch's input (<c>batch</c>) or what a batch wrote (<c>batch_output</c>); <c>Owner</c> is the API key id that made it (null without keys).</summary>
public sealed record FileRecord(string Id, string? Owner, string FileName, string Purpose, long Bytes, DateTimeOffset CreatedAt);
