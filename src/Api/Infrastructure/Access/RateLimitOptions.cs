using System.ComponentModel.DataAnnotations;

namespace Folio.Api.Infrastructure.Access;

/// <summary>Per-caller limits (section <c>RateLimits</c>): per key; with keys off, per remote address, and loopback callers (all of them while keys are off) are not limited.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests a caller may make per second, sustained (a token bucket). Default: 50.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a caller may make at once above the sustained rate (the bucket's size). Default: 200.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;

    /// <summary>Uploads (<c>POST /v1/documents</c>) one caller may run at once. Default: 4.</summary>
    [Range(1, 1_000)]
    public int UploadConcurrency { get; set; } = 4;

    /// <summary>Questions and extractions (the chat model's work) one caller may run at once. Default: 4.</summary>
    [Range(1, 1_000)]
    public int GenerationConcurrency { get; set; } = 4;

    /// <summary>Uploads or generations of one caller that wait for a free slot before more are refused with 429. Default: 16.</summary>
    [Range(0, 10_000)]
    public int ConcurrencyQueue { get; set; } = 16;
}
