using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Folio.Api.Features.Batches;

/// <summary>
/// OpenAI's output line format: <c>{"id","custom_id","response":{"status_code","request_id","body"},"error"}</c>;
/// a line that never ran has <c>response: null</c> and <c>error: {"code","message"}</c>.
/// </summary>
internal static class BatchOutput
{
    public static string Line(string batchId, LineResult result) => Write(writer =>
    {
        writer.WriteString("id", LineId(batchId, result.Line));
        writer.WriteString("custom_id", result.CustomId);
        writer.WriteStartObject("response");
        writer.WriteNumber("status_code", result.StatusCode);
        writer.WriteString("request_id", result.RequestId);
        writer.WritePropertyName("body");
        writer.WriteRawValue(result.Body, skipInputValidation: true);
        writer.WriteEndObject();
        writer.WriteNull("error");
    });

    public static string ErrorLine(string batchId, int line, string customId, string code, string message) => Write(writer =>
    {
        writer.WriteString("id", LineId(batchId, line));
        writer.WriteString("custom_id", customId);
        writer.WriteNull("response");
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    });

    /// <summary>The id of a batch's output or error file: fixed by the batch, so a finalize repeated after a kill writes the same file.</summary>
    public static string FileId(string batchId, string kind) => "file-" + Hash(batchId + "/" + kind);

    private static string LineId(string batchId, int line) => "batch_req_" + Hash(batchId + "#" + line);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
