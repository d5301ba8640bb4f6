using System.Net;
using System.Net.Http.Headers;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Access;

/// <summary>Which collection a request works on when it names none, and what a key of several collections sees.</summary>
public sealed class CollectionScopeTests(AccessHost host) : IClassFixture<AccessHost>
{
    [Fact]
    public async Task A_key_of_one_collection_defaults_to_it()
    {
        using var client = host.Client("read");

        var (status, body) = await PostJsonAsync(client, "/v1/search", new { query = "zebra crossing" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(host.AlphaId, body.GetProperty("results")[0].GetProperty("documentId").GetString());
    }

    [Fact]
    public async Task A_key_of_several_collections_must_name_one_and_lists_only_its_own()
    {
        using var client = host.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.CreateKeyAsync("read", ["alpha", "beta"]));

        var (unnamed, problem) = await PostJsonAsync(client, "/v1/search", new { query = "vault" });
        var (unnamedAsk, askProblem) = await PostJsonAsync(client, "/v1/ask", new { question = "What is the vault code?" });
        var (named, found) = await PostJsonAsync(client, "/v1/search", new { query = "walrus vault", collection = "beta" });
        var (foreign, _) = await PostJsonAsync(client, "/v1/search", new { query = "notes", collection = "default" });
        var (_, list) = await SendAsync(client, HttpMethod.Get, "/v1/documents?limit=500");

        Assert.Equal(HttpStatusCode.BadRequest, unnamed);
        Assert.Equal("collection_required", problem.GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unnamedAsk);
        Assert.Equal("collection_required", askProblem.GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.OK, named);
        Assert.Equal(host.BetaId, found.GetProperty("results")[0].GetProperty("documentId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, foreign);
        var collections = list.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("collection").GetString()).Distinct().Order().ToList();
        Assert.Equal(["alpha", "beta"], collections);
    }

    [Fact]
    public async Task An_admin_of_some_collections_cannot_grant_others()
    {
        using var client = host.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.CreateKeyAsync("admin", ["alpha"]));

        var (own, _) = await PostJsonAsync(client, "/v1/keys", new { name = "alpha reader", scopes = new[] { "read" }, collections = new[] { "alpha" } });
        var (other, _) = await PostJsonAsync(client, "/v1/keys", new { name = "beta reader", scopes = new[] { "read" }, collections = new[] { "beta" } });
        var (every, _) = await PostJsonAsync(client, "/v1/keys", new { name = "all", scopes = new[] { "read" }, collections = new[] { "*" } });

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [own, other, every]);
    }

    [Theory]
    [InlineData("""{"scopes":["read"],"collections":["alpha"]}""")]
    [InlineData("""{"name":"x","scopes":["owner"],"collections":["alpha"]}""")]
    [InlineData("""{"name":"x","scopes":[],"collections":["alpha"]}""")]
    [InlineData("""{"name":"x","scopes":["read"],"collections":[]}""")]
    [InlineData("""{"name":"x","scopes":["read"],"collections":["*","alpha"]}""")]
    [InlineData("""{"name":"x","scopes":["read"],"collections":["Not A Name"]}""")]
    public async Task A_bad_key_request_is_400(string json)
    {
        using var client = host.Client("admin");

        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_failed", body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task A_created_key_is_shown_once_and_listed_without_its_secret()
    {
        using var client = host.Client("admin");
        var (_, created) = await PostJsonAsync(client, "/v1/keys", new { name = "shown once", scopes = new[] { "read" }, collections = new[] { "alpha" } });
        var secret = created.GetProperty("key").GetString()!;

        var (status, list) = await SendAsync(client, HttpMethod.Get, "/v1/keys");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(secret.Length >= 40);
        Assert.DoesNotContain(secret, list.GetRawText(), StringComparison.Ordinal);
        var listed = list.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("id").GetString() == created.GetProperty("id").GetString());
        Assert.Equal("shown once", listed.GetProperty("name").GetString());
        Assert.Equal(["read"], listed.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["alpha"], listed.GetProperty("collections").EnumerateArray().Select(s => s.GetString()));
    }
}
