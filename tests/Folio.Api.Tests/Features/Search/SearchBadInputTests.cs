using System.Net;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Search;

public sealed class SearchBadInputTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    public static TheoryData<object, string> BadRequests => new()
    {
        { new { query = "" }, "query" },
        { new { query = "   " }, "query" },
        { new { }, "query" },
        { new { query = "x", topK = 0 }, "topK" },
        { new { query = "x", topK = 101 }, "topK" },
        { new { query = "x", collection = "No Spaces" }, "collection" },
        { new { query = "x", documentIds = new[] { "../etc" } }, "documentIds" },
        { new { query = new string('q', 32_001) }, "query" },
        { new { query = "x", tags = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", _ => "v") }, "tags" },
        { new { query = "x", tags = new Dictionary<string, string> { ["Bad Key"] = "v" } }, "tags" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_search_requests_name_the_field(object request, string field)
    {
        using var client = factory.CreateClient();

        var (status, body) = await PostJsonAsync(client, "/v1/search", request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Unknown_mode_and_malformed_json_are_bad_requests()
    {
        using var client = factory.CreateClient();

        var (modeStatus, _) = await PostJsonAsync(client, "/v1/search", new { query = "x", mode = "psychic" });
        var (jsonStatus, body) = await SendAsync(client, HttpMethod.Post, "/v1/search", new System.Net.Http.StringContent("{\"query\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, modeStatus);
        Assert.Equal(HttpStatusCode.BadRequest, jsonStatus);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task A_query_of_32000_characters_is_accepted()
    {
        using var client = factory.CreateClient();
        var query = string.Concat(Enumerable.Repeat("wind tunnel measurements of boundary layer flow ", 700))[..32_000];

        var (status, body) = await PostJsonAsync(client, "/v1/search", new { query, collection = "long-query" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Searching_an_empty_collection_returns_no_results()
    {
        using var client = factory.CreateClient();

        var (status, body) = await PostJsonAsync(client, "/v1/search", new { query = "anything at all", collection = "nothing-here" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("results").GetArrayLength());
    }
}
