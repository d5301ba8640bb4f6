using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Folio.Api.Tests.Features.Batches.BatchApi;

namespace Folio.Api.Tests.Features.Batches;

/// <summary>
/// Acceptance 4: a receiver on loopback gets each finished batch's event, signed as Standard Webhooks sign (checked here
/// independently of Folio's code), again after it answered 500; hosts outside <c>Batches:WebhookHosts</c> are refused
/// (see <see cref="BatchLifecycleTests.Too_many_lines_and_bad_requests_are_refused"/>).
/// </summary>
public sealed class WebhookTests(BatchHost host) : IClassFixture<BatchHost>, IAsyncLifetime
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private WebApplication? _receiver;

    [Fact]
    public async Task A_completed_batch_sends_a_signed_event()
    {
        using var client = host.Factory.CreateClient();
        var file = await UploadAsync(client, [Line("one", "/v1/search", new { query = "Ventile", collection = BatchHost.Collection })]);
        var id = (await CreateAsync(client, file, "/v1/search", webhookUrl: Url("completed"))).GetProperty("id").GetString()!;

        var delivery = await WaitForDeliveryAsync("completed", d => d.Status == 200);

        Assert.Equal("completed", (await WaitUntilEndedAsync(client, id)).GetProperty("status").GetString());
        AssertSigned(delivery);
        using var body = JsonDocument.Parse(delivery.Body);
        Assert.Equal("batch.completed", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("event", body.RootElement.GetProperty("object").GetString());
        Assert.Equal(id, body.RootElement.GetProperty("data").GetProperty("id").GetString());
        Assert.StartsWith("evt_", body.RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_answered_500_is_retried_with_the_same_id()
    {
        using var client = host.Factory.CreateClient();
        // metadata.webhook_url: what an OpenAI client can send without extra fields. The batch fails validation: batch.failed.
        var file = await UploadAsync(client, ["not json"]);
        var id = (await CreateAsync(client, file, "/v1/search", metadata: new { webhook_url = Url("flaky") })).GetProperty("id").GetString()!;

        var delivered = await WaitForDeliveryAsync("flaky", d => d.Status == 200);

        var attempts = _deliveries.Where(d => d.Name == "flaky").ToList();
        Assert.Equal(500, attempts[0].Status);
        Assert.All(attempts, a => Assert.Equal(delivered.Id, a.Id));
        AssertSigned(delivered);
        using var body = JsonDocument.Parse(delivered.Body);
        Assert.Equal("batch.failed", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(id, body.RootElement.GetProperty("data").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_tampered_body_does_not_verify()
    {
        using var client = host.Factory.CreateClient();
        var file = await UploadAsync(client, [Line("one", "/v1/search", new { query = "Ventile", collection = BatchHost.Collection })]);
        await CreateAsync(client, file, "/v1/search", webhookUrl: Url("tamper"));

        var delivery = await WaitForDeliveryAsync("tamper", d => d.Status == 200);

        Assert.NotEqual(delivery.Signature, Sign(delivery.Id, delivery.Timestamp, delivery.Body.Replace("batch", "patch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_slow_receiver_does_not_hold_up_the_batch()
    {
        using var client = host.Factory.CreateClient();
        var file = await UploadAsync(client, [Line("one", "/v1/search", new { query = "Ventile", collection = BatchHost.Collection })]);
        var id = (await CreateAsync(client, file, "/v1/search", webhookUrl: Url("slow"))).GetProperty("id").GetString()!;

        var batch = await WaitUntilEndedAsync(client, id);

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.DoesNotContain(_deliveries, d => d.Name == "slow");
        Assert.Equal(200, (await WaitForDeliveryAsync("slow", d => d.Status == 200)).Status);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _receiver = builder.Build();
        _receiver.MapPost("/hooks/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (name == "slow")
            {
                // Answers well after the batch has ended; recorded only then.
                await Task.Delay(TimeSpan.FromSeconds(5));
            }

            var attempt = _attempts.AddOrUpdate(name, 1, (_, n) => n + 1);
            var status = name == "flaky" && attempt == 1 ? 500 : 200;
            _deliveries.Enqueue(new Delivery(name, request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), body, status));
            return Results.StatusCode(status);
        });
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    private string Url(string name) =>
        _receiver!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hooks/" + name;

    private async Task<Delivery> WaitForDeliveryAsync(string name, Func<Delivery, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (_deliveries.FirstOrDefault(d => d.Name == name && condition(d)) is { } delivery)
            {
                return delivery;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No delivery to {name}: {string.Join("; ", _deliveries)}");
    }

    /// <summary>Standard Webhooks verification, as a receiver writes it: base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> with the secret's bytes.</summary>
    private static void AssertSigned(Delivery delivery)
    {
        Assert.StartsWith("msg_", delivery.Id, StringComparison.Ordinal);
        var timestamp = long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.Equal(Sign(delivery.Id, delivery.Timestamp, delivery.Body), delivery.Signature);
    }

    private static string Sign(string id, string timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(BatchHost.WebhookSecret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));

    private sealed record Delivery(string Name, string Id, string Timestamp, string Signature, string Body, int Status);
}
