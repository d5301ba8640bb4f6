using System.Text.Json;
using Folio.Api.Features.Files;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.Batches;

/// <summary>
/// Runs batches in the background, the way <c>IngestionWorker</c> runs documents: at start, lines a killed process
/// left running go back in the queue; then <see cref="BatchOptions.Concurrency"/> workers claim one line at a time,
/// each sent in its own DI scope through the route's Mediator request, and one loop moves batches along
/// (validates new ones, finalizes those with every line done, cancelled or past their window). A line whose
/// documents are still ingesting goes back in the queue for a moment instead of failing, until the window closes.
/// </summary>
internal sealed partial class BatchRunner(BatchStore batches, FileStore files, DocumentStore documents, KeyStore keys, IServiceScopeFactory scopes,
    IOptions<JsonOptions> json, IOptions<BatchOptions> options, ILogger<BatchRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan IngestionWait = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await batches.RequeueInterruptedAsync(stoppingToken) is > 0 and var requeued)
        {
            LogRequeued(logger, requeued);
        }

        await Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => Task.Run(() => LoopAsync(RunNextLineAsync, stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => LoopAsync(AdvanceBatchesAsync, stoppingToken), CancellationToken.None)));
    }

    /// <summary>Runs <paramref name="step"/> until stopped, resting when it found nothing to do; it must survive anything, or batches silently stop.</summary>
    private async Task LoopAsync(Func<CancellationToken, Task<bool>> step, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await step(stoppingToken))
                {
                    await Task.Delay(Poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    private async Task<bool> RunNextLineAsync(CancellationToken stoppingToken)
    {
        if (await batches.ClaimLineAsync(stoppingToken) is not { } line)
        {
            return false;
        }

        var endpoint = BatchEndpoints.Supported[line.Url];
        var requestId = "req_" + Guid.NewGuid().ToString("N");
        try
        {
            // The line's own scope, as an HTTP request has, with the batch's owner as the caller: its collections,
            // its audit entries, and a revoked key's remaining lines refused as its requests would be.
            await using var scope = scopes.CreateAsyncScope();
            ApiKey? owner = null;
            if (keys.Enabled)
            {
                owner = line.Owner is null ? null : await keys.GetLiveAsync(line.Owner, stoppingToken);
                if (owner is null)
                {
                    var refused = ProblemExceptionHandler.ToProblem(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "The key that created this batch is revoked, or the batch was made before API keys were on.", null);
                    await batches.CompleteLineAsync(line, StatusCodes.Status401Unauthorized, requestId, JsonSerializer.Serialize(refused, json.Value.SerializerOptions), CancellationToken.None);
                    return true;
                }

                scope.ServiceProvider.GetRequiredService<Caller>().Become(owner);
            }

            using var acting = owner is null ? null : CallerCollectionAccess.ActAs(owner.Collections);
            using var body = JsonDocument.Parse(line.Body);
            var request = endpoint.Read(body.RootElement, json.Value.SerializerOptions);
            if (await StillIngestingAsync(endpoint.Needs(request), stoppingToken))
            {
                await batches.ReleaseLineAsync(line, IngestionWait, CancellationToken.None);
                return true;
            }

            var response = await endpoint.Send(scope.ServiceProvider.GetRequiredService<ISender>(), request, stoppingToken);
            await batches.CompleteLineAsync(line, StatusCodes.Status200OK, requestId, JsonSerializer.Serialize(response, response.GetType(), json.Value.SerializerOptions), CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A graceful stop: the line runs again at the next start.
            await batches.ReleaseLineAsync(line, TimeSpan.Zero, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            // The route's answer to the same failure: the one exception mapping, written as the line's response.
            var (status, code, detail, errors) = ProblemExceptionHandler.Classify(e, formRequest: false, aborted: false);
            if (status >= 500)
            {
                LogLineFailed(logger, e, line.BatchId, line.Line);
            }

            var problem = ProblemExceptionHandler.ToProblem(status, code, detail, errors);
            await batches.CompleteLineAsync(line, status, requestId, JsonSerializer.Serialize(problem, json.Value.SerializerOptions), CancellationToken.None);
        }

        return true;
    }

    private async Task<bool> StillIngestingAsync(DocumentsNeeded needs, CancellationToken cancellationToken)
    {
        if (needs.DocumentIds is { Count: > 0 } ids)
        {
            foreach (var id in ids)
            {
                if (await documents.GetAsync(id, cancellationToken) is { Status: DocumentStatus.Queued or DocumentStatus.Processing })
                {
                    return true;
                }
            }

            return false;
        }

        if (needs.Collection is null)
        {
            // A request that reads no stored document (an embedding, say) waits for nothing.
            return false;
        }

        foreach (var status in new[] { DocumentStatus.Queued, DocumentStatus.Processing })
        {
            if ((await documents.ListAsync(new DocumentQuery(needs.Collection, status, null, null, 1), cancellationToken)).Documents.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> AdvanceBatchesAsync(CancellationToken stoppingToken)
    {
        var advanced = false;
        foreach (var batch in await batches.OpenAsync(stoppingToken))
        {
            var expired = DateTimeOffset.UtcNow >= batch.ExpiresAt;
            var (total, succeeded, failed, running) = await batches.CountAsync(batch.Id, stoppingToken);
            var pending = total - succeeded - failed - running;
            advanced |= batch.Status switch
            {
                BatchStatus.Validating when expired => await FinalizeAsync(batch, BatchStatus.Validating, BatchStatus.Expired, stoppingToken),
                BatchStatus.Validating => await ValidateAsync(batch, stoppingToken),
                BatchStatus.InProgress when running == 0 && pending == 0 =>
                    await batches.MoveAsync(batch.Id, BatchStatus.InProgress, BatchStatus.Finalizing, stoppingToken)
                    && await FinalizeAsync(batch, BatchStatus.Finalizing, BatchStatus.Completed, stoppingToken),
                BatchStatus.InProgress when expired && running == 0 => await FinalizeAsync(batch, BatchStatus.InProgress, BatchStatus.Expired, stoppingToken),
                BatchStatus.Finalizing => await FinalizeAsync(batch, BatchStatus.Finalizing, BatchStatus.Completed, stoppingToken),
                BatchStatus.Cancelling when running == 0 => await FinalizeAsync(batch, BatchStatus.Cancelling, BatchStatus.Cancelled, stoppingToken),
                _ => false,
            };
        }

        return advanced;
    }

    private async Task<bool> ValidateAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        if (await files.GetAsync(batch.InputFileId, batch.Owner, cancellationToken) is not { } input)
        {
            return await batches.FinishAsync(batch, BatchStatus.Validating, BatchStatus.Failed, null, null,
                [BatchInput.Error("input_file_not_found", $"The input file '{batch.InputFileId}' was deleted before the batch started.", "input_file_id", null)],
                BatchEvents.Of, cancellationToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        await using var content = files.OpenRead(input);
        var (lines, errors) = await BatchInput.ReadAsync(content, batch.Endpoint, options.Value.MaxLines, scope.ServiceProvider, json.Value.SerializerOptions, cancellationToken);
        return errors.Count > 0
            ? await batches.FinishAsync(batch, BatchStatus.Validating, BatchStatus.Failed, null, null, errors, BatchEvents.Of, cancellationToken)
            : await batches.StartAsync(batch, lines, cancellationToken);
    }

    /// <summary>
    /// Writes the output file (lines answered 2xx) and the error file (other answers, and lines cancelled or expired
    /// before they ran), then ends the batch. File ids follow from the batch id, so finalizing again after a kill rewrites the same files.
    /// </summary>
    private async Task<bool> FinalizeAsync(BatchRecord batch, BatchStatus from, BatchStatus to, CancellationToken cancellationToken)
    {
        var results = await batches.ResultsAsync(batch.Id, cancellationToken);
        var unfinished = await batches.UnfinishedAsync(batch.Id, cancellationToken);
        var (code, message) = to == BatchStatus.Expired
            ? ("batch_expired", "This line was not run before the batch's completion window ended.")
            : ("batch_cancelled", "This line was not run before the batch was cancelled.");
        var succeeded = results.Where(r => r.StatusCode is >= 200 and < 300).ToList();
        var failed = results.Where(r => r.StatusCode is < 200 or >= 300).Select(r => (r.Line, BatchOutput.Line(batch.Id, r)))
            .Concat(unfinished.Select(u => (u.Line, BatchOutput.ErrorLine(batch.Id, u.Line, u.CustomId, code, message))))
            .OrderBy(l => l.Line).Select(l => l.Item2).ToList();
        var output = succeeded.Count == 0 ? null : await WriteAsync(batch, "output", succeeded.Select(r => BatchOutput.Line(batch.Id, r)), cancellationToken);
        var error = failed.Count == 0 ? null : await WriteAsync(batch, "error", failed, cancellationToken);
        if (!await batches.FinishAsync(batch, from, to, output, error, null, BatchEvents.Of, cancellationToken))
        {
            return false;
        }

        LogFinished(logger, batch.Id, to, succeeded.Count, failed.Count);
        return true;
    }

    private async Task<string> WriteAsync(BatchRecord batch, string kind, IEnumerable<string> lines, CancellationToken cancellationToken) =>
        (await files.PutAsync(BatchOutput.FileId(batch.Id, kind), batch.Owner, $"{batch.Id}_{kind}.jsonl", FileStore.OutputPurpose, async stream =>
        {
            await using var writer = new StreamWriter(stream, leaveOpen: true);
            foreach (var line in lines)
            {
                await writer.WriteAsync(line.AsMemory(), cancellationToken);
                await writer.WriteAsync('\n');
            }
        }, cancellationToken)).Id;

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Batch lines left running by a stopped process were queued again: {Count}")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "The batch runner loop failed; it continues")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Batch {BatchId} line {Line} failed unexpectedly")]
    private static partial void LogLineFailed(ILogger logger, Exception exception, string batchId, int line);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Batch {BatchId} is {Status}: {Succeeded} lines succeeded, {Failed} did not")]
    private static partial void LogFinished(ILogger logger, string batchId, BatchStatus status, int succeeded, int failed);
}
