using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Folio.Api.Features.Batches;

/// <summary>
/// OpenAI's batch object: times in Unix seconds (absent until reached), <c>request_counts</c> live while it runs,
/// <c>errors</c> the input's line errors when it failed validation. <c>webhook_url</c> is Folio's addition.
/// </summary>
public sealed record BatchResponse(
    string Id,
    [property: JsonPropertyName("object")] string Object,
    string Endpoint,
    [property: JsonPropertyName("input_file_id")] string InputFileId,
    [property: JsonPropertyName("completion_window")] string CompletionWindow,
    string Status,
    [property: JsonPropertyName("output_file_id")] string? OutputFileId,
    [property: JsonPropertyName("error_file_id")] string? ErrorFileId,
    BatchResponse.ErrorList? Errors,
    [property: JsonPropertyName("request_counts")] BatchResponse.Counts RequestCounts,
    IReadOnlyDictionary<string, string>? Metadata,
    [property: JsonPropertyName("webhook_url")] string? WebhookUrl,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("in_progress_at")] long? InProgressAt,
    [property: JsonPropertyName("expires_at")] long ExpiresAt,
    [property: JsonPropertyName("finalizing_at")] long? FinalizingAt,
    [property: JsonPropertyName("completed_at")] long? CompletedAt,
    [property: JsonPropertyName("failed_at")] long? FailedAt,
    [property: JsonPropertyName("expired_at")] long? ExpiredAt,
    [property: JsonPropertyName("cancelling_at")] long? CancellingAt,
    [property: JsonPropertyName("cancelled_at")] long? CancelledAt)
{
    public static async Task<BatchResponse> FromAsync(BatchRecord batch, BatchStore store, CancellationToken cancellationToken)
    {
        var (total, succeeded, failed, _) = await store.CountAsync(batch.Id, cancellationToken);
        // A batch that ended before every line ran counts the rest as failed (they are in its error file).
        var final = batch.Status is BatchStatus.Cancelled or BatchStatus.Expired;
        return new BatchResponse(batch.Id, "batch", batch.Endpoint, batch.InputFileId, batch.CompletionWindow, StatusName(batch.Status),
            batch.OutputFileId, batch.ErrorFileId, batch.Errors is null ? null : new ErrorList("list", batch.Errors),
            new Counts(total, succeeded, final ? total - succeeded : failed), batch.Metadata, batch.WebhookUrl,
            Time("created_at")!.Value, Time("in_progress_at"), batch.ExpiresAt.ToUnixTimeSeconds(), Time("finalizing_at"), Time("completed_at"), Time("failed_at"),
            Time("expired_at"), Time("cancelling_at"), Time("cancelled_at"));

        long? Time(string column) => batch.Times.TryGetValue(column, out var time) ? time.ToUnixTimeSeconds() : null;
    }

    /// <summary>The status as OpenAI spells it (<c>in_progress</c>).</summary>
    public static string StatusName(BatchStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public sealed record Counts(int Total, int Completed, int Failed);

    /// <summary>Each entry is <c>{"code","message","param","line"}</c>; <c>line</c> is 1-based in the input file.</summary>
    public sealed record ErrorList([property: JsonPropertyName("object")] string Object, JsonArray Data);
}
