using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Batches;

/// <summary>The Files and Batches calls the batch tests make, over any HttpClient (test host or a real process), and the generated documents they read.</summary>
internal static class BatchApi
{
    public const string Schema = """
        {"type":"object","properties":{
          "invoice_number":{"type":["string","null"],"description":"The invoice number as printed."},
          "total":{"type":["number","null"],"description":"Amount due, including tax."},
          "currency":{"type":["string","null"],"description":"Currency as ISO 4217 code."}}}
        """;

    /// <summary>A generated invoice; its number is <c>R-2024-1{seed:000}</c> and its total <c>{100 + seed},50 EUR</c>.</summary>
    public static string Invoice(int seed) => $"""
        Lieferant {seed} GmbH
        Lieferantenstraße {seed}, 80333 München

        Rechnung
        Rechnungsnummer: {InvoiceNumber(seed)}
        Rechnungsdatum: 05.03.2024

        Pos | Artikel | Betrag
        1 | Ventile Serie {seed} | {100 + seed},50

        Zahlbetrag: {100 + seed},50 EUR
        """;

    public static string InvoiceNumber(int seed) => $"R-2024-1{seed:000}";

    /// <summary>Uploads documents into a collection and waits until they are ready; their ids in order.</summary>
    public static async Task<IReadOnlyList<string>> IngestAsync(HttpClient client, string collection, IEnumerable<string> texts)
    {
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true",
            Upload(texts.Select((t, i) => (Encoding.UTF8.GetBytes(t), $"doc-{i}.txt")), collection));
        Assert.Equal(HttpStatusCode.OK, status);
        var documents = body.GetProperty("documents").EnumerateArray().ToList();
        Assert.All(documents, d => Assert.Equal("ready", d.GetProperty("status").GetString()));
        return documents.Select(d => d.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>A JSONL line for <paramref name="url"/>.</summary>
    public static string Line(string customId, string url, object body) =>
        JsonSerializer.Serialize(new { custom_id = customId, method = "POST", url, body });

    public static async Task<string> UploadAsync(HttpClient client, IEnumerable<string> lines)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(new StringContent("batch"), "purpose");
        form.Add(file, "file", "input.jsonl");
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/files", form);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> CreateAsync(HttpClient client, string fileId, string endpoint, string window = "24h", object? metadata = null, string? webhookUrl = null)
    {
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/batches", JsonContent.Create(new Dictionary<string, object?>
        {
            ["input_file_id"] = fileId, ["endpoint"] = endpoint, ["completion_window"] = window, ["metadata"] = metadata, ["webhook_url"] = webhookUrl,
        }));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>Polls the batch until <paramref name="done"/> holds for it.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string batchId, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var (status, body) = await SendAsync(client, HttpMethod.Get, $"/v1/batches/{batchId}");
            Assert.Equal(HttpStatusCode.OK, status);
            if (done(body))
            {
                return body;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Batch {batchId} did not get there: {body}");
            }

            await Task.Delay(100);
        }
    }

    public static Task<JsonElement> WaitUntilEndedAsync(HttpClient client, string batchId, TimeSpan? timeout = null) =>
        WaitAsync(client, batchId, b => b.GetProperty("status").GetString() is "completed" or "failed" or "expired" or "cancelled", timeout);

    /// <summary>The lines of a file (empty when <paramref name="fileId"/> is null).</summary>
    public static async Task<IReadOnlyList<JsonElement>> LinesAsync(HttpClient client, JsonElement batch, string fileProperty)
    {
        if (!batch.TryGetProperty(fileProperty, out var id) || id.ValueKind != JsonValueKind.String)
        {
            return [];
        }

        using var response = await client.GetAsync(new Uri($"/v1/files/{id.GetString()}/content", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
