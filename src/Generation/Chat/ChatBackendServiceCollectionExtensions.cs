using Folio.Generation.Onnx;
using Folio.Generation.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Folio.Generation.Chat;

/// <summary>Registers the chat backend; called by <see cref="GenerationServiceCollectionExtensions.AddFolioGeneration"/>.</summary>
internal static class ChatBackendServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="GenerationOptions"/> (section <c>Generation</c>) at start-up, registers the
    /// configured backend as the <see cref="IChatClient"/> (none for <see cref="ChatBackend.None"/>) and
    /// <see cref="GenerationBackend"/>, and loads and logs the backend when the host starts.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Generation:Backend</c> is not one of None, Onnx, OpenAI.</exception>
    public static IServiceCollection AddChatBackend(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GenerationOptions.Section);
        services.AddOptions<GenerationOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();

        // The backend decides what is registered, so it is read now; the binder rejects a name that is not in the enum.
        var backend = section.GetValue(nameof(GenerationOptions.Backend), ChatBackend.None);
        switch (backend)
        {
            case ChatBackend.Onnx:
                AddPipeline(services.AddChatClient(sp => new OnnxGenAIChatClient(Options(sp).ModelFolder!)));
                break;
            case ChatBackend.OpenAI:
                AddOpenAIHttpClient(services);
                AddPipeline(services.AddChatClient(sp => OpenAICompatibleChatClient.Create(
                    Options(sp), sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenAICompatibleChatClient.HttpClientName))));
                break;
        }

        services.AddSingleton(sp =>
        {
            if (backend == ChatBackend.None)
            {
                return new GenerationBackend(ChatBackendStatus.None, null);
            }

            var chat = sp.GetRequiredService<IChatClient>();
            var options = Options(sp);
            var status = chat.GetService<ChatBackendStatus>() ?? new ChatBackendStatus(backend, options.Model, "remote", null, null);
            return new GenerationBackend(status, chat);
        });
        services.AddHostedService<GenerationStartupLog>();
        return services;
    }

    /// <summary>What every backend gets: the default answer length, OpenTelemetry (gen_ai spans and metrics), the deadline.</summary>
    private static void AddPipeline(ChatClientBuilder builder) => builder
        .Use((inner, sp) => new ConfigureOptionsChatClient(inner, o => o.MaxOutputTokens ??= Options(sp).MaxOutputTokens))
        .UseOpenTelemetry(sourceName: "Folio.Generation")
        .Use((inner, sp) => new DeadlineChatClient(inner, Options(sp).Timeout));

    /// <summary>Retries 408, 429, 5xx and connection failures with exponential back-off and jitter; each attempt has its own timeout.</summary>
    private static void AddOpenAIHttpClient(IServiceCollection services) => services
        .AddHttpClient(OpenAICompatibleChatClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
        .AddResilienceHandler("chat", (pipeline, context) =>
        {
            var options = Options(context.ServiceProvider);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                });
            }

            pipeline.AddTimeout(options.AttemptTimeout);
        });

    private static GenerationOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<GenerationOptions>>().Value;
}
