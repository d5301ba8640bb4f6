using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Access;

/// <summary>
/// Folio with keys on (a bootstrap admin key) and one document in each of <c>alpha</c>, <c>beta</c> and <c>default</c>,
/// plus a key per kind of caller: none, wrong, revoked, read (alpha), write (alpha), other (write, beta), admin.
/// </summary>
public sealed class AccessHost : IAsyncLifetime
{
    public const string AdminKey = "admin-key-for-tests-0123456789abcdef0123";
    public const string AlphaText = "Alpha handbook. The zebra crossing opens at nine in the morning.";
    public const string BetaText = "Beta ledger. The walrus vault code is 7391.";
    public const string Schema = """{"type":"object","properties":{"opening":{"type":["string","null"],"description":"When the crossing or vault opens."}}}""";

    /// <summary>The kinds of caller the matrix runs as.</summary>
    public static readonly string[] Callers = ["none", "wrong", "revoked", "read", "write", "other", "admin"];

    private readonly Dictionary<string, string?> _keys = new(StringComparer.Ordinal);
    private int _uploads;

    public FolioApiFactory Factory { get; } = new();

    public WebApplicationFactory<Program> Host { get; private set; } = null!;

    public string AlphaId { get; private set; } = string.Empty;

    public string BetaId { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Host = Factory.WithWebHostBuilder(builder => builder.UseSetting("Auth:AdminKey", AdminKey));
        _keys["none"] = null;
        _keys["wrong"] = "folio_this-key-was-never-issued-0000000000000";
        _keys["admin"] = AdminKey;
        _keys["read"] = await CreateKeyAsync("read", ["alpha"]);
        _keys["write"] = await CreateKeyAsync("write", ["alpha"]);
        _keys["other"] = await CreateKeyAsync("write", ["beta"]);
        var revoked = await CreateKeyAsync("read", ["alpha"], revoke: true);
        _keys["revoked"] = revoked;
        AlphaId = await UploadAsync("alpha", AlphaText, wait: true);
        BetaId = await UploadAsync("beta", BetaText, wait: true);
        await UploadAsync("default", "Default notes. Nothing secret here.", wait: true);
    }

    /// <summary>A client that sends <paramref name="caller"/>'s key.</summary>
    public HttpClient Client(string caller)
    {
        var client = Host.CreateClient();
        if (_keys[caller] is { } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Uploads a text document as admin; a fresh text each call unless <paramref name="text"/> repeats.</summary>
    public async Task<string> UploadAsync(string collection, string? text = null, bool wait = false)
    {
        using var admin = Client("admin");
        text ??= $"Throwaway note {Interlocked.Increment(ref _uploads)} {Guid.NewGuid():N}.";
        var (status, body) = await SendAsync(admin, HttpMethod.Post, "/v1/documents" + (wait ? "?wait=true" : string.Empty),
            Upload([(Encoding.UTF8.GetBytes(text), "note.txt")], collection));
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{status}: {body}");
        return body.GetProperty("documents")[0].GetProperty("id").GetString()!;
    }

    /// <summary>Creates a key as admin and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string scope, string[] collections, bool revoke = false)
    {
        using var admin = Client("admin");
        var (status, body) = await PostJsonAsync(admin, "/v1/keys", new { name = $"{scope} of {string.Join(",", collections)}", scopes = new[] { scope }, collections });
        Assert.Equal(HttpStatusCode.Created, status);
        if (revoke)
        {
            var (revoked, _) = await SendAsync(admin, HttpMethod.Delete, $"/v1/keys/{body.GetProperty("id").GetString()}");
            Assert.Equal(HttpStatusCode.NoContent, revoked);
        }

        return body.GetProperty("key").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
