using Folio.Retrieval.Documents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Folio.Retrieval.Ingestion;

/// <summary>
/// The background workers: at start, documents a killed process left half-done go back in the queue,
/// and what deleted documents left behind is removed (<see cref="DocumentService.SweepAsync"/>); then
/// each worker claims the oldest due document and runs the pipeline. Transient failures retry
/// with exponential back-off up to <see cref="IngestionOptions.MaxAttempts"/>; a document interrupted by
/// shutdown goes back in the queue at once and resumes at the next start. A document left half-done by a
/// crash is requeued at the next start, unless processes have died while holding it
/// <see cref="IngestionOptions.MaxClaims"/> times (then it fails: it is likely what kills the process). A
/// parser crash in a worker process fails only its own document and never counts here.
/// </summary>
public sealed class IngestionWorker(DocumentStore store, DocumentService documents, IngestionPipeline pipeline, IngestionSignal signal, IngestionOptions options, ILogger<IngestionWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (requeued, failed) = await store.RequeueInterruptedAsync(options.MaxClaims, stoppingToken);
        if (requeued + failed.Count > 0)
        {
            Log.Requeued(logger, requeued, failed.Count, options.MaxClaims);
        }

        foreach (var document in failed)
        {
            await pipeline.FailAsync(document, document.Error!, stoppingToken);
        }

        await SweepAsync(stoppingToken);

        await Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => LoopAsync(stoppingToken), CancellationToken.None)));
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            var (removed, requeued) = await documents.SweepAsync(stoppingToken);
            if (removed + requeued > 0)
            {
                Log.Swept(logger, removed, requeued);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // an index that is down at start-up must not stop ingestion; the next start checks again
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.SweepFailed(logger, e);
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await store.ClaimNextAsync(stoppingToken) is { } document)
                {
                    await ProcessAsync(document, stoppingToken);
                }
                else
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a worker loop must survive anything, or ingestion silently stops
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.WorkerLoopFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    private async Task ProcessAsync(DocumentRecord document, CancellationToken stoppingToken)
    {
        try
        {
            await pipeline.RunAsync(document, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A graceful stop is not a crash: queue it again without counting the claim. Were the store
            // unreachable now, the row stays 'processing' and the next start requeues it, as after a crash.
            await store.ReleaseAsync(document, CancellationToken.None);
            throw;
        }
#pragma warning disable CA1031 // anything not known to be permanent is treated as transient and retried
        catch (Exception e)
#pragma warning restore CA1031
        {
            var attempt = document.Attempts + 1;
            var error = new DocumentError("dependency_unavailable", "A dependency failed while ingesting; see the service log.");
            if (attempt >= options.MaxAttempts)
            {
                await pipeline.FailAsync(document, error, CancellationToken.None);
                return;
            }

            var delay = options.RetryDelay * Math.Pow(2, attempt - 1);
            Log.DocumentRetry(logger, e, document.Id, attempt, delay);
            if (!await store.RetryLaterAsync(document, delay, error, CancellationToken.None))
            {
                // Deleted while it failed: make sure nothing of it stays in the index.
                await pipeline.ForgetIfDeletedAsync(document, CancellationToken.None);
            }
        }
    }
}
