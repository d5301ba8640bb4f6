using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.Batches;

/// <summary>
/// Delivers the queued webhook events (<see cref="BatchStore.FinishAsync"/> queues one when a batch with a
/// <c>webhook_url</c> ends), signed (<see cref="WebhookSignature"/>), each on its own task so a slow receiver holds
/// up nobody; the <see cref="HttpClientName"/> client retries with exponential back-off (Microsoft.Extensions.Http.Resilience).
/// A delivery still pending when the process stops is sent at the next start.
/// </summary>
internal sealed partial class WebhookSender(BatchStore batches, IHttpClientFactory clients, IOptions<BatchOptions> options, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "folio-webhooks";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var (id, url, body) in await batches.PendingWebhooksAsync(64, stoppingToken))
                {
                    _ = _inFlight.GetOrAdd(id, _ => Task.Run(async () =>
                    {
                        try
                        {
                            await batches.SettleWebhookAsync(id, await DeliverAsync(id, url, body, stoppingToken), CancellationToken.None);
                        }
                        finally
                        {
                            _inFlight.TryRemove(id, out Task? _);
                        }
                    }, CancellationToken.None));
                }

                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }

        await Task.WhenAll(_inFlight.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<bool> DeliverAsync(string id, string url, string body, CancellationToken stoppingToken)
    {
        if (options.Value.WebhookKey is not { } key)
        {
            // Queued while a secret was configured, and the service restarted without one: nothing to sign with.
            LogNoSecret(logger, id, url);
            return false;
        }

        try
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(WebhookSignature.IdHeader, id);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(key, id, timestamp, body));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            LogGaveUp(logger, id, url, (int)response.StatusCode);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (e is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            LogUnreachable(logger, e, id, url);
            return false;
        }
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Error, Message = "The webhook sender loop failed; it continues")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 51, Level = LogLevel.Warning, Message = "Webhook {Id} to {Url} answered {Status} after its retries; not sent again")]
    private static partial void LogGaveUp(ILogger logger, string id, string url, int status);

    [LoggerMessage(EventId = 53, Level = LogLevel.Warning, Message = "Webhook {Id} to {Url} is not sent: Batches:WebhookSecret is not configured")]
    private static partial void LogNoSecret(ILogger logger, string id, string url);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "Webhook {Id} to {Url} could not be delivered after its retries; not sent again")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string id, string url);
}
