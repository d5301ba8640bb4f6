using System.Net;
using System.Text.Json;
using Folio.Api.Tests.Features.Batches;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Access;

/// <summary>
/// Issue 13, access: files and batches belong to the key that made them, and a batch's lines run as that key, so a
/// line naming another collection fails with the 404 the route gives it.
/// </summary>
public sealed class BatchAccessTests(AccessHost host) : IClassFixture<AccessHost>
{
    [Fact]
    public async Task A_batchs_lines_run_as_its_key_and_see_only_its_collections()
    {
        using var reader = host.Client("read");
        var fileId = await BatchApi.UploadAsync(reader,
        [
            BatchApi.Line("own", "/v1/ask", new { question = "When does the crossing open?", collection = "alpha" }),
            BatchApi.Line("unnamed", "/v1/ask", new { question = "When does the crossing open?" }),
            BatchApi.Line("foreign", "/v1/ask", new { question = "What is the vault code?", collection = "beta" }),
        ]);
        var created = await BatchApi.CreateAsync(reader, fileId, "/v1/ask");

        var batch = await BatchApi.WaitUntilEndedAsync(reader, created.GetProperty("id").GetString()!);

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        var output = await BatchApi.LinesAsync(reader, batch, "output_file_id");
        var errors = await BatchApi.LinesAsync(reader, batch, "error_file_id");
        Assert.Equal(["own", "unnamed"], output.Select(l => l.GetProperty("custom_id").GetString()).Order());
        Assert.All(output, l => Assert.Contains("zebra", l.GetRawText(), StringComparison.OrdinalIgnoreCase));
        var foreign = errors.Select(l => l.GetProperty("custom_id").GetString()).Order().ToList();
        Assert.Equal(["foreign"], foreign);
        Assert.All(errors, l =>
        {
            Assert.Equal(404, l.GetProperty("response").GetProperty("status_code").GetInt32());
            Assert.Equal("not_found", l.GetProperty("response").GetProperty("body").GetProperty("errorCode").GetString());
        });
        foreach (var line in output.Concat(errors))
        {
            Assert.DoesNotContain(host.BetaId, line.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("walrus", line.GetRawText().Replace("walrus vault code", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Another_keys_files_and_batches_are_not_found()
    {
        using var reader = host.Client("read");
        using var other = host.Client("other");
        var fileId = await BatchApi.UploadAsync(reader, [BatchApi.Line("one", "/v1/ask", new { question = "When does the crossing open?" })]);
        var batchId = (await BatchApi.CreateAsync(reader, fileId, "/v1/ask")).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(other, HttpMethod.Get, $"/v1/files/{fileId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(other, HttpMethod.Get, $"/v1/batches/{batchId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(other, HttpMethod.Post, $"/v1/batches/{batchId}/cancel")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(other, HttpMethod.Delete, $"/v1/files/{fileId}")).Status);
        var (_, files) = await SendAsync(other, HttpMethod.Get, "/v1/files");
        var (_, batches) = await SendAsync(other, HttpMethod.Get, "/v1/batches");
        Assert.DoesNotContain(fileId, files.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(batchId, batches.GetRawText(), StringComparison.Ordinal);

        // The owner still sees both, and its batch's lines are audited under its key, not as an anonymous job.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(reader, HttpMethod.Get, $"/v1/files/{fileId}")).Status);
        await BatchApi.WaitUntilEndedAsync(reader, batchId);
        using var admin = host.Client("admin");
        var (_, audit) = await SendAsync(admin, HttpMethod.Get, "/v1/audit?limit=500");
        var asks = audit.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("action").GetString() == "ask").ToList();
        Assert.NotEmpty(asks);
        Assert.All(asks, e => Assert.StartsWith("k_", e.GetProperty("keyId").GetString(), StringComparison.Ordinal));
    }
}
