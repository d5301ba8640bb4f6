using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Files;
using static Folio.Api.Tests.Features.Batches.BatchApi;

#pragma warning disable OPENAI001 // The Batch API is experimental in the OpenAI .NET client.

namespace Folio.Api.Tests.Features.Batches;

/// <summary>Acceptance 3: the official OpenAI .NET client, unchanged, uploads a file, creates, polls and downloads a batch against Folio.</summary>
public sealed class OpenAIClientBatchTests(BatchHost host) : IClassFixture<BatchHost>
{
    [Fact]
    public async Task The_OpenAI_client_runs_a_batch_end_to_end()
    {
        using var http = host.Factory.CreateClient();
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
        });
        var files = client.GetOpenAIFileClient();
        var jsonl = string.Join("\n", Enumerable.Range(0, 20).Select(i => Line($"q-{i}", "/v1/search", new { query = $"Rechnungsnummer {InvoiceNumber(i % 10)}", collection = BatchHost.Collection, topK = 3 })));

        OpenAIFile input = await files.UploadFileAsync(BinaryData.FromString(jsonl), "searches.jsonl", FileUploadPurpose.Batch);
        Assert.Equal("searches.jsonl", input.Filename);
        Assert.Equal(FilePurpose.Batch, input.Purpose);
        Assert.Equal(input.Id, (await files.GetFileAsync(input.Id)).Value.Id);
        Assert.Contains((await files.GetFilesAsync(FilePurpose.Batch)).Value, f => f.Id == input.Id);

        var batches = client.GetBatchClient();
        var operation = await batches.CreateBatchAsync(
            BinaryContent.Create(BinaryData.FromObjectAsJson(new { input_file_id = input.Id, endpoint = "/v1/search", completion_window = "24h" })), waitUntilCompleted: false);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!operation.HasCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await operation.UpdateStatusAsync();
        }

        Assert.True(operation.HasCompleted);
        using var batch = JsonDocument.Parse(operation.GetRawResponse().Content);
        Assert.Equal("completed", batch.RootElement.GetProperty("status").GetString());
        var output = (await files.DownloadFileAsync(batch.RootElement.GetProperty("output_file_id").GetString()!)).Value.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        BatchEndToEndTests.AssertEachCustomIdOnce(20, output);
        foreach (var line in output)
        {
            var i = int.Parse(line.GetProperty("custom_id").GetString()!["q-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var (_, online) = await ApiClient.PostJsonAsync(http, "/v1/search", new { query = $"Rechnungsnummer {InvoiceNumber(i % 10)}", collection = BatchHost.Collection, topK = 3 });
            Assert.Equal(3, online.GetProperty("results").GetArrayLength());
            Assert.Equal(online.ToString(), line.GetProperty("response").GetProperty("body").ToString());
        }

        Assert.True((await files.DeleteFileAsync(input.Id)).Value.Deleted);
    }
}
