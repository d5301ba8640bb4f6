using System.Collections.Concurrent;
using Folio.Extraction.Isolation;
using Microsoft.Extensions.Logging;

namespace Folio.Extraction;

/// <summary>
/// Where Folio parses: at most <see cref="ParsingOptions.MaxConcurrentParses"/> documents at once, each in a
/// reusable <c>Folio.Parser</c> worker process (<see cref="ParseIsolation.Process"/>) or in this process
/// (<see cref="ParseIsolation.InProcess"/>), both through <see cref="DocumentParser"/>'s limits. A worker
/// that crashes (a stack overflow cannot be caught), runs past the deadline (it is killed, so the work
/// really stops) or runs out of its heap fails that one document with a typed error and is replaced.
/// Thread-safe; one per service, so <c>/v1/parse</c> and ingestion share the limit.
/// </summary>
public sealed class ParserPool : IDisposable
{
    /// <summary>The worker host's file name, looked for next to the application.</summary>
    public const string WorkerFileName = "Folio.Parser.dll";

    private readonly DocumentParser _inProcess;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<ParserProcess> _idle = [];
    private readonly ConcurrentDictionary<int, ParserProcess> _busy = new();
    private readonly ILogger<ParserPool> _logger;
    private readonly string _workerPath;
    private int _workersStarted;
    private bool _disposed;

    /// <summary>Creates the pool; no worker starts before the first parse.</summary>
    /// <exception cref="FileNotFoundException">Process isolation is configured and the worker host is not next to the application.</exception>
    public ParserPool(ParsingOptions options, ILogger<ParserPool> logger)
        : this(DocumentParser.CreateDefault(options), logger)
    {
    }

    internal ParserPool(DocumentParser inProcess, ILogger<ParserPool> logger, string? workerPath = null)
    {
        _inProcess = inProcess;
        _logger = logger;
        _slots = new SemaphoreSlim(Options.MaxConcurrentParses);
        _workerPath = workerPath ?? Path.Combine(AppContext.BaseDirectory, WorkerFileName);
        if (Options.Isolation == ParseIsolation.Process && !File.Exists(_workerPath))
        {
            throw new FileNotFoundException(
                $"The parser worker {WorkerFileName} is not next to the application; build or publish the Folio.Api project, or set Parsing:Isolation=InProcess.",
                _workerPath);
        }
    }

    /// <summary>The limits in force.</summary>
    public ParsingOptions Options => _inProcess.Options;

    /// <summary>Test only: lets the worker's fault file names through (see Folio.Parser's <c>TestFaults</c>).</summary>
    internal bool TestFaults { get; init; }

    /// <summary>Workers started so far (a crash or a deadline replaces one).</summary>
    internal int WorkersStarted => _workersStarted;

    /// <summary>The process ids of the workers alive now, idle or busy.</summary>
    internal IReadOnlyList<int> WorkerIds => [.. _idle.Select(w => w.Id), .. _busy.Keys];

    /// <summary>Parses a document within the configured limits, waiting for a free slot first.</summary>
    /// <param name="content">A seekable stream over the file.</param>
    /// <param name="fileName">The file's name (kept in the result; tells text formats apart).</param>
    /// <param name="cancellationToken">The caller's cancellation; in a worker, it kills the parse.</param>
    /// <exception cref="DocumentParseException">The document cannot be parsed; the reason is in <see cref="DocumentParseException.Failure"/>.</exception>
    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        DocumentParser.CheckSize(content, Options);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return Options.Isolation == ParseIsolation.InProcess
                ? await _inProcess.ParseAsync(content, fileName, cancellationToken)
                : await ParseInWorkerAsync(content, fileName, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var worker))
        {
            worker.Dispose();
        }

        foreach (var worker in _busy.Values)
        {
            worker.Kill();
        }
    }

    private async Task<ParsedDocument> ParseInWorkerAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Options.Timeout);
        var request = new ParseRequest(fileName, Options);
        while (true)
        {
            var (worker, reused) = TakeWorker();
            _busy[worker.Id] = worker;
            ParseReply? reply;
            try
            {
                reply = await worker.ParseAsync(request, content, deadline.Token);
            }
            finally
            {
                _busy.TryRemove(worker.Id, out _);
            }

            if (reply is not null)
            {
                // An answer that beat the deadline by a hair still counts, but that worker may have been killed.
                Return(worker, keep: !reply.WorkerStops && !deadline.IsCancellationRequested);
                return reply.Document
                    ?? throw new DocumentParseException(reply.Failure, reply.Message);
            }

            // Gone or going: a deadline or a cancellation killed it, or it crashed.
            using (worker)
            {
                await worker.WaitForExitAsync();
                cancellationToken.ThrowIfCancellationRequested();
                if (deadline.IsCancellationRequested)
                {
                    Log.WorkerTimedOut(_logger, worker.Id, fileName, Options.Timeout.TotalSeconds);
                    throw new DocumentParseException(ParseFailure.DocumentUnreadable,
                        $"Parsing took longer than the limit of {Options.Timeout.TotalSeconds:N0} s; it was stopped.");
                }

                Log.WorkerCrashed(_logger, worker.Id, fileName, worker.ExitCode, worker.Errors);
                if (worker.Errors.Contains(nameof(OutOfMemoryException), StringComparison.Ordinal))
                {
                    // The heap limit was hit where the worker could not answer (the runtime gave up).
                    throw MemoryLimitExceeded(Options);
                }
            }

            if (!reused)
            {
                throw new DocumentParseException(ParseFailure.DocumentUnreadable,
                    "The parser stopped on this document (a crash such as a stack overflow); only this document failed.");
            }

            // A reused worker may have died of something else while idle: only a fresh worker's crash
            // is this document's doing, so try once more on one.
        }
    }

    /// <summary>The failure of a document that needs more than <see cref="ParsingOptions.WorkerMemoryBytes"/>; the worker says the same.</summary>
    internal static DocumentParseException MemoryLimitExceeded(ParsingOptions options) => new(ParseFailure.DocumentTooLarge,
        $"Parsing needed more than the parser's memory limit of {options.WorkerMemoryBytes / (1024 * 1024):N0} MiB.");

    private (ParserProcess Worker, bool Reused) TakeWorker()
    {
        while (_idle.TryTake(out var idle))
        {
            if (!idle.HasExited)
            {
                return (idle, true);
            }

            idle.Dispose();
        }

        Interlocked.Increment(ref _workersStarted);
        var worker = ParserProcess.Start(_workerPath, Options.WorkerMemoryBytes, TestFaults);
        Log.WorkerStarted(_logger, worker.Id);
        return (worker, false);
    }

    private void Return(ParserProcess worker, bool keep)
    {
        if (keep && !_disposed)
        {
            _idle.Add(worker);
        }
        else
        {
            worker.Dispose();
        }
    }
}
