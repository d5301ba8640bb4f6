extern alias FolioEval;

using System.Net;
using System.Text;
using static Folio.Api.Tests.ApiClient;
using FolioProcess = FolioEval::Folio.Eval.FolioProcess;

namespace Folio.Api.Tests.Features.Search;

/// <summary>Body limits are Kestrel's, so these run against a real Folio process, not the in-memory test server.</summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "folio-limits-" + Guid.NewGuid().ToString("N"));
    private FolioProcess? _folio;

    public async Task InitializeAsync() => _folio = await FolioProcess.StartAsync(_dataFolder);

    public async Task DisposeAsync()
    {
        if (_folio is not null)
        {
            await _folio.DisposeAsync();
        }

        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task A_json_body_over_a_mebibyte_is_request_too_large()
    {
        var body = "{\"query\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";

        var (status, problem) = await SendAsync(_folio!.Client, HttpMethod.Post, "/v1/search", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("request_too_large", problem.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task An_upload_over_the_json_limit_but_under_the_file_limit_is_accepted()
    {
        var text = Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Range(0, 40_000).Select(i => $"Line {i} of a long plain text file.")));

        var (status, body) = await SendAsync(_folio!.Client, HttpMethod.Post, "/v1/parse", Upload([(text, "long.txt")]));

        Assert.True(text.Length > 1024 * 1024);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(40_000, body.GetProperty("blocks").GetArrayLength());
    }
}
