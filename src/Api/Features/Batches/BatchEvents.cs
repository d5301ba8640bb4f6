using System.Security.Cryptography;
using System.Text.Json;

namespace Folio.Api.Features.Batches;

/// <summary>
/// The webhook event a finished batch sends, in OpenAI's shape:
/// <c>{"id":"evt_…","object":"event","type":"batch.completed","created_at":…,"data":{"id":"batch_…"}}</c>,
/// with <c>type</c> one of <c>batch.completed</c>, <c>batch.failed</c>, <c>batch.expired</c>, <c>batch.cancelled</c>.
/// </summary>
internal static class BatchEvents
{
    public static string Of(BatchRecord batch) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
        ["object"] = "event",
        ["type"] = "batch." + BatchResponse.StatusName(batch.Status),
        ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["data"] = new Dictionary<string, object> { ["id"] = batch.Id },
    });
}
