using System.Text.Json.Nodes;

namespace Folio.Api.Features.Batches;

/// <summary>A stored batch. Times are null until the batch reaches them; <c>Errors</c> holds the input's line errors when it failed validation.</summary>
public sealed record BatchRecord(
    string Id,
    string? Owner,
    string Endpoint,
    string InputFileId,
    string CompletionWindow,
    IReadOnlyDictionary<string, string>? Metadata,
    string? WebhookUrl,
    BatchStatus Status,
    JsonArray? Errors,
    string? OutputFileId,
    string? ErrorFileId,
    IReadOnlyDictionary<string, DateTimeOffset> Times,
    DateTimeOffset ExpiresAt);
