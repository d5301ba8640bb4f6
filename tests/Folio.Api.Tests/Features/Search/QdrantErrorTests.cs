using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Search;

/// <summary>
/// Folio on a "Qdrant" that answers every call with a gRPC error other than unavailable (a loopback HTTP/2
/// server standing in for it): searches answer 502 <c>dependency_failed</c>, never a 500, and readiness says unavailable.
/// </summary>
public sealed class QdrantErrorTests : IAsyncLifetime
{
    private WebApplication? _qdrant;

    [Fact]
    public async Task A_Qdrant_error_answers_502_dependency_failed()
    {
        using var factory = new QdrantFactory(QdrantAddress());
        using var client = factory.CreateClient();

        var (status, body) = await PostJsonAsync(client, "/v1/search", new { query = "valve pressure", mode = "keyword" });

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("dependency_failed", body.GetProperty("errorCode").GetString());
        Assert.DoesNotContain("bad filter", body.ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(client, HttpMethod.Get, "/health/ready")).Status);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        _qdrant = builder.Build();
        // A trailers-only gRPC answer: status INVALID_ARGUMENT (3) for every method.
        _qdrant.Run(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "3";
            context.Response.Headers["grpc-message"] = "bad filter";
            return Task.CompletedTask;
        });
        await _qdrant.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_qdrant is not null)
        {
            await _qdrant.DisposeAsync();
        }
    }

    private string QdrantAddress() =>
        _qdrant!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    private sealed class QdrantFactory(string endpoint) : WebApplicationFactory<Program>
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-qdrant-error-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:DataFolder", _folder);
            builder.UseSetting("Index:Kind", "Qdrant");
            builder.UseSetting("Index:QdrantEndpoint", endpoint);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
