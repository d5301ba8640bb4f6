using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Folio.Api.Tests.Features.Batches;

/// <summary>The real host with ten generated invoices ingested into the collection <c>invoices</c>, short completion windows allowed, and loopback webhooks.</summary>
public sealed class BatchHost : IAsyncLifetime, IDisposable
{
    public const string Collection = "invoices";
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly FolioApiFactory _root = new();

    public BatchHost()
    {
        Factory = _root.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Batches:MinCompletionWindow", "00:00:01");
            builder.UseSetting("Batches:MaxLines", "500");
            builder.UseSetting("Batches:WebhookHosts:0", "127.0.0.1");
            builder.UseSetting("Batches:WebhookSecret", WebhookSecret);
            builder.UseSetting("Batches:WebhookRetryDelay", "00:00:00.050");
        });
    }

    public WebApplicationFactory<Program> Factory { get; }

    public string DataFolder => _root.DataFolder;

    public IReadOnlyList<string> InvoiceIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var client = Factory.CreateClient();
        InvoiceIds = await BatchApi.IngestAsync(client, Collection, Enumerable.Range(0, 10).Select(BatchApi.Invoice));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Factory.Dispose();
        _root.Dispose();
    }
}
