using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Folio.Api.Tests;

/// <summary>The few calls the end-to-end tests make, over any HttpClient (test host or a real process).</summary>
internal static class ApiClient
{
    public static MultipartFormDataContent Upload(IEnumerable<(byte[] Bytes, string FileName)> files, string? collection = null, params string[] tags)
    {
        var content = new MultipartFormDataContent();
        foreach (var (bytes, fileName) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "file", fileName);
        }

        if (collection is not null)
        {
            content.Add(new StringContent(collection), "collection");
        }

        foreach (var tag in tags)
        {
            content.Add(new StringContent(tag), "tags");
        }

        return content;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(HttpClient client, string path, object body) =>
        SendAsync(client, HttpMethod.Post, path, JsonContent.Create(body));

    public static async Task<JsonElement> WaitUntilSettledAsync(HttpClient client, string documentId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (status, body) = await SendAsync(client, HttpMethod.Get, $"/v1/documents/{documentId}");
            if (status == HttpStatusCode.OK && body.GetProperty("status").GetString() is "ready" or "failed")
            {
                return body;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{documentId} did not settle: {body}");
            }

            await Task.Delay(100);
        }
    }
}
