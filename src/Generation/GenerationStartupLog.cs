using Folio.Generation.Chat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Folio.Generation;

/// <summary>Loads the chat backend when the host starts (not on the first question) and logs what runs, or why it cannot.</summary>
internal sealed class GenerationStartupLog(GenerationBackend backend, ILogger<GenerationBackend> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var status = backend.Status;
        if (status.Backend == ChatBackend.None)
        {
            Log.NoChatBackend(logger);
        }
        else if (status.Problem is { } problem)
        {
            Log.ChatBackendUnavailable(logger, status.Backend, status.Model, problem);
        }
        else
        {
            Log.ChatBackendReady(logger, status.Backend, status.Model, status.Device, status.ContextTokens);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
