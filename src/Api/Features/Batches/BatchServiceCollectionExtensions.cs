using Folio.Api.Features.Files;
using Folio.Retrieval.Documents;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Folio.Api.Features.Batches;

/// <summary>Registers the Files and Batches APIs' stores, the batch runner and the webhook sender (section <c>Batches</c>, validated at start-up).</summary>
internal static class BatchServiceCollectionExtensions
{
    public static IServiceCollection AddFolioBatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BatchOptions>().Bind(configuration.GetSection(BatchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new FileStore(sp.GetRequiredService<DataFolder>().Root));
        services.AddSingleton(sp => new BatchStore(sp.GetRequiredService<DataFolder>().Root));
        services.AddHostedService<BatchRunner>();
        services.AddHostedService<WebhookSender>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .AddResilienceHandler("webhook", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<BatchOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.WebhookRetries,
                    Delay = options.WebhookRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    // Each attempt's own deadline; the back-off between attempts is not counted in it.
                    ShouldRetryAfterHeader = false,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(10));
            });
        return services;
    }
}
