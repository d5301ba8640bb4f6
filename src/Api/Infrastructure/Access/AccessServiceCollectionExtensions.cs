using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Folio.Retrieval;
using Folio.Retrieval.Access;
using Folio.Retrieval.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Folio.Api.Infrastructure.Access;

/// <summary>API keys, the caller's collections, rate and concurrency limits, the audit log, and the rule that without keys Folio listens on loopback only.</summary>
internal static partial class AccessServiceCollectionExtensions
{
    /// <summary>The concurrency policy of uploads (endpoints opt in with <c>RequireRateLimiting</c>).</summary>
    public const string UploadPolicy = "uploads";

    /// <summary>The concurrency policy of questions and extractions; MCP's tool calls take the same <see cref="GenerationConcurrency"/>.</summary>
    public const string GenerationPolicy = "generation";

    /// <summary>Registers keys, the caller, collection access, the audit log and the limits; before <c>AddFolio</c>, so its collection rule is the caller's.</summary>
    public static IServiceCollection AddFolioAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<Caller>();
        services.AddSingleton(sp => new AccessDatabase(new SqliteDatabase(Path.Combine(sp.GetRequiredService<DataFolder>().Root, "access.db"))));
        services.AddSingleton(sp => new KeyStore(sp.GetRequiredService<AccessDatabase>().Database, sp.GetRequiredService<IOptions<AuthOptions>>().Value.AdminKey));
        services.AddSingleton(sp =>
        {
            var audit = new AuditLog(sp.GetRequiredService<AccessDatabase>().Database, sp.GetRequiredService<ILogger<AuditLog>>());
            audit.Initialize();
            return audit;
        });
        services.AddSingleton<ICollectionAccess, CallerCollectionAccess>();
        services.AddSingleton<GenerationConcurrency>();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!AccessMiddleware.IsProtected(context.Request.Path) || PartitionOf(context) is not { } partition)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var limits = Limits(context);
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.AddPolicy(UploadPolicy, context => Concurrency(context, Limits(context).UploadConcurrency));
            options.AddPolicy(GenerationPolicy, context => context.RequestServices.GetRequiredService<GenerationConcurrency>().Partition(context));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// Refuses to start when Folio would listen beyond loopback without keys (and warns when keys are off), then
    /// adds the access check and the limits to the pipeline.
    /// </summary>
    /// <exception cref="InvalidOperationException">No keys are configured and an address is not loopback.</exception>
    public static void UseFolioAccess(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<KeyStore>();
        if (!keys.Enabled)
        {
            var reachable = BindingRule.Reachable(BindingRule.ConfiguredUrls(app.Configuration));
            if (reachable.Count > 0)
            {
                throw new InvalidOperationException(BindingRule.Refusal(reachable));
            }

            LogKeysOff(app.Services.GetRequiredService<ILogger<KeyStore>>());
        }

        app.UseMiddleware<AccessMiddleware>();
        app.UseRateLimiter();
    }

    private static RateLimitOptions Limits(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    // After the access check: by key when keys are on, else by the remote address. Without keys Folio listens on
    // loopback only, where every caller is this machine's: those are not limited (null), as before keys existed.
    internal static string? PartitionOf(HttpContext context) =>
        context.RequestServices.GetRequiredService<KeyStore>().Enabled ? "key:" + context.RequestServices.GetRequiredService<Caller>().KeyId
        : context.Connection.RemoteIpAddress is { } address && !IPAddress.IsLoopback(address) ? "ip:" + address
        : null;

    private static RateLimitPartition<string> Concurrency(HttpContext context, int permits) => PartitionOf(context) is not { } partition
        ? RateLimitPartition.GetNoLimiter(string.Empty)
        : RateLimitPartition.GetConcurrencyLimiter(partition, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = Limits(context).ConcurrencyQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        // The token bucket says when a permit is due; a full concurrency queue has no such date, so a second.
        var limited = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var seconds = limited ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too Many Requests",
            Detail = limited
                ? $"This caller made more requests than its rate limit allows; retry after {seconds} s."
                : "This caller already runs as many uploads or generations as its limit allows; retry when one finishes.",
        };
        problem.Extensions["errorCode"] = limited ? ErrorCodes.RateLimited : ErrorCodes.ConcurrencyLimited;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "No API keys are configured: every route is open to whoever reaches this process, so Folio listens on loopback only. Set Auth:AdminKey (Folio__Auth__AdminKey) to require keys.")]
    private static partial void LogKeysOff(ILogger logger);

    /// <summary>The SQLite file of keys and the audit log (<c>access.db</c> in the data folder).</summary>
    private sealed record AccessDatabase(SqliteDatabase Database);
}
