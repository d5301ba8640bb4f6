using System.Security.Cryptography;
using System.Text;

namespace Folio.Api.Features.Batches;

/// <summary>
/// Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 with the secret's key over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as <c>webhook-signature: v1,&lt;base64&gt;</c>.
/// </summary>
internal static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(byte[] key, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
}
