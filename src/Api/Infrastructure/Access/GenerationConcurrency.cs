using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Folio.Api.Infrastructure.Access;

/// <summary>
/// The per-caller limit on questions and extractions (<see cref="RateLimitOptions.GenerationConcurrency"/>, queued up to
/// <see cref="RateLimitOptions.ConcurrencyQueue"/>): one limiter per caller, taken by REST through the <c>generation</c>
/// rate-limiting policy and by MCP's <c>ask</c> and <c>extract</c> tool calls, which all arrive on the one <c>/mcp</c>
/// route and so cannot take an endpoint policy. A caller's REST and MCP generations count together.
/// </summary>
internal sealed class GenerationConcurrency : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public GenerationConcurrency(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        // The empty partition is the caller that is not limited (loopback while keys are off).
        _limiter = PartitionedRateLimiter.Create<string, string>(partition => partition.Length == 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetConcurrencyLimiter(partition, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.GenerationConcurrency,
                QueueLimit = limits.ConcurrencyQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
    }

    /// <summary>Waits for one of the caller's permits; a lease that is not acquired means the caller runs as many as its limit allows.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(HttpContext context, CancellationToken cancellationToken) =>
        _limiter.AcquireAsync(AccessServiceCollectionExtensions.PartitionOf(context) ?? string.Empty, 1, cancellationToken);

    /// <summary>The <c>generation</c> policy's partition: the rate-limiting middleware keeps (and may dispose) this view, never the limiter behind it.</summary>
    public RateLimitPartition<string> Partition(HttpContext context) =>
        RateLimitPartition.Get(AccessServiceCollectionExtensions.PartitionOf(context) ?? string.Empty, partition => new CallerView(_limiter, partition));

    public void Dispose() => _limiter.Dispose();

    /// <summary>One caller's permits of the shared limiter, as a limiter of its own.</summary>
    private sealed class CallerView(PartitionedRateLimiter<string> limiter, string partition) : RateLimiter
    {
        // Never idle to the middleware: it holds nothing, and the shared limiter drops idle callers itself.
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => limiter.GetStatistics(partition);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => limiter.AttemptAcquire(partition, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            limiter.AcquireAsync(partition, permitCount, cancellationToken);
    }
}
