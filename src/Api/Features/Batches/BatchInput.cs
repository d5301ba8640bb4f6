using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Folio.Api.Infrastructure;

namespace Folio.Api.Features.Batches;

/// <summary>
/// Reads and checks a batch's JSONL input before any line runs: each line <c>{"custom_id","method":"POST","url","body"}</c>,
/// custom ids unique, <c>url</c> a supported route equal to the batch's endpoint, the body one its route would
/// accept, within the line and byte limits. Any problem fails the whole batch with line-numbered errors
/// (OpenAI's <c>{"code","message","param","line"}</c>); blank lines are skipped but keep their numbers.
/// </summary>
internal static class BatchInput
{
    /// <summary>The most line errors a failed batch reports (the rest are counted in the last one).</summary>
    public const int MaxReportedErrors = 1_000;

    public static async Task<(IReadOnlyList<(int Line, string CustomId, string Url, string Body)> Lines, JsonArray Errors)> ReadAsync(
        Stream content, string endpoint, int maxLines, IServiceProvider services, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var lines = new List<(int, string, string, string)>();
        var errors = new List<JsonObject>();
        var customIds = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StreamReader(content, Encoding.UTF8);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (lines.Count + errors.Count == maxLines)
            {
                errors.Add(Error("too_many_lines", $"A batch holds at most {maxLines} lines (Batches:MaxLines).", null, number));
                break;
            }

            if (Check(text, number, endpoint, customIds, services, json) is { } error)
            {
                errors.Add(error);
                continue;
            }

            var line = JsonNode.Parse(text)!.AsObject();
            lines.Add((number, line["custom_id"]!.GetValue<string>(), line["url"]!.GetValue<string>(), line["body"]!.ToJsonString()));
        }

        if (lines.Count + errors.Count == 0)
        {
            errors.Add(Error("empty_file", "The input file has no lines.", null, null));
        }

        var reported = new JsonArray([.. errors.Take(MaxReportedErrors)]);
        if (errors.Count > MaxReportedErrors)
        {
            reported.Add(Error("too_many_errors", $"{errors.Count - MaxReportedErrors} more lines have errors.", null, null));
        }

        return (lines, reported);
    }

    public static JsonObject Error(string code, string message, string? param, int? line) =>
        new() { ["code"] = code, ["message"] = message, ["param"] = param, ["line"] = line };

    private static JsonObject? Check(string text, int number, string endpoint, HashSet<string> customIds, IServiceProvider services, JsonSerializerOptions json)
    {
        if (Encoding.UTF8.GetByteCount(text) > InputRules.MaxJsonBodyBytes)
        {
            return Error("line_too_large", $"A line is at most {InputRules.MaxJsonBodyBytes:N0} bytes (the routes' request body limit).", null, number);
        }

        JsonElement line;
        try
        {
            using var document = JsonDocument.Parse(text);
            line = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error("invalid_json_line", "The line is not valid JSON.", null, number);
        }

        if (line.ValueKind != JsonValueKind.Object)
        {
            return Error("invalid_json_line", "The line is not a JSON object.", null, number);
        }

        if (!line.TryGetProperty("custom_id", out var customId) || customId.ValueKind != JsonValueKind.String || customId.GetString()!.Length is 0 or > 512)
        {
            return Error("missing_required_parameter", "custom_id is a string of 1 to 512 characters.", "custom_id", number);
        }

        if (!customIds.Add(customId.GetString()!))
        {
            return Error("duplicate_custom_id", $"custom_id '{customId.GetString()}' is used by an earlier line.", "custom_id", number);
        }

        if (!line.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || method.GetString() != "POST")
        {
            return Error("invalid_method", "method must be POST.", "method", number);
        }

        if (!line.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String || !BatchEndpoints.Supported.TryGetValue(url.GetString()!, out var route))
        {
            return Error("invalid_url", $"url must be one of {string.Join(", ", BatchEndpoints.Supported.Keys)}.", "url", number);
        }

        if (url.GetString() != endpoint)
        {
            return Error("mismatched_url", $"url must equal the batch's endpoint, {endpoint}.", "url", number);
        }

        if (!line.TryGetProperty("body", out var body))
        {
            return Error("missing_required_parameter", "body is required.", "body", number);
        }

        try
        {
            route.Check(route.Read(body, json), services);
            return null;
        }
        catch (Exception e) when (ProblemExceptionHandler.Classify(e, formRequest: false, aborted: false) is { Status: >= 400 and < 500 } problem)
        {
            var fields = problem.Errors is null ? string.Empty : " " + string.Join(" ", problem.Errors.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"));
            return Error("invalid_request", $"{problem.Detail}{fields} ({problem.Code})", "body", number);
        }
    }
}
