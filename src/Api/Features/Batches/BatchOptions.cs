using System.ComponentModel.DataAnnotations;

namespace Folio.Api.Features.Batches;

/// <summary>Batch files, batches and their webhooks (configuration section <c>Batches</c>).</summary>
public sealed class BatchOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Batches";

    /// <summary>
    /// Batch lines run at once, across all batches. Default: a quarter of the CPUs, at least 1 — each line is
    /// CPU-bound (embedding, retrieval), so online requests keep the other cores (docs/BENCHMARKS.md, "Batches":
    /// on 2 CPUs, 2 lines at once cost online search p99 ×2.5, 1 line ×1.7).
    /// </summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 4);

    /// <summary>Largest batch input file. Default: 200 MiB (OpenAI's limit).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 200L << 20;

    /// <summary>Most lines in one batch. Default: 50,000 (OpenAI's limit).</summary>
    [Range(1, 1_000_000)]
    public int MaxLines { get; set; } = 50_000;

    /// <summary>
    /// Shortest <c>completion_window</c> a batch may ask for (<c>24h</c> is OpenAI's only one; tests ask for seconds).
    /// Default: 1 h (1 s to 24 h).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan MinCompletionWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest <c>completion_window</c>. Default: 24 h (1 s to 24 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan MaxCompletionWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Hosts a batch's <c>webhook_url</c> may name (<c>host</c> or <c>host:port</c>, case-insensitive). Default: none —
    /// webhooks are refused until hosts are listed here.
    /// </summary>
    public IList<string> WebhookHosts { get; } = [];

    /// <summary>
    /// The signing secret, <c>whsec_</c> followed by base64 (Standard Webhooks), at least 24 bytes. Required when
    /// <see cref="WebhookHosts"/> lists any host. Default: none.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Retries of a webhook delivery the receiver failed (5xx, 408, 429, no answer). Default: 5.</summary>
    [Range(0, 20)]
    public int WebhookRetries { get; set; } = 5;

    /// <summary>First webhook retry delay; doubles with each retry (with jitter). Default: 2 s (10 ms to 1 h).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The key <see cref="WebhookSecret"/> holds (null when there is none).</summary>
    internal byte[]? WebhookKey => WebhookSecret is { } secret && secret.StartsWith("whsec_", StringComparison.Ordinal)
        ? Convert.FromBase64String(secret["whsec_".Length..])
        : null;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinCompletionWindow > MaxCompletionWindow)
        {
            yield return new ValidationResult($"{Section}:{nameof(MinCompletionWindow)} must not exceed {Section}:{nameof(MaxCompletionWindow)}.", [nameof(MinCompletionWindow)]);
        }

        if (WebhookSecret is not null)
        {
            var valid = WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal);
            try
            {
                valid = valid && Convert.FromBase64String(WebhookSecret["whsec_".Length..]).Length >= 24;
            }
            catch (FormatException)
            {
                valid = false;
            }

            if (!valid)
            {
                yield return new ValidationResult($"{Section}:{nameof(WebhookSecret)} is 'whsec_' followed by the base64 of at least 24 random bytes.", [nameof(WebhookSecret)]);
            }
        }
        else if (WebhookHosts.Count > 0)
        {
            yield return new ValidationResult($"{Section}:{nameof(WebhookSecret)} is required when {Section}:{nameof(WebhookHosts)} lists hosts: every delivery is signed.", [nameof(WebhookSecret)]);
        }
    }
}
