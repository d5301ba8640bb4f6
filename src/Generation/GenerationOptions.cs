using System.ComponentModel.DataAnnotations;
using Folio.Generation.Chat;

namespace Folio.Generation;

/// <summary>Which chat backend answers and how it is called (configuration section <c>Generation</c>).</summary>
public sealed class GenerationOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Generation";

    /// <summary>The chat backend. Default: <see cref="ChatBackend.None"/> (answers are extractive).</summary>
    [EnumDataType(typeof(ChatBackend))]
    public ChatBackend Backend { get; set; } = ChatBackend.None;

    /// <summary>
    /// An ONNX Runtime GenAI model folder (<c>genai_config.json</c>, the <c>.onnx</c> files it names,
    /// <c>tokenizer.json</c> and a <c>tokenizer_config.json</c> with a <c>chat_template</c>), as written by
    /// onnxruntime-genai's model builder. Required for <see cref="ChatBackend.Onnx"/>; a missing or broken folder is
    /// reported by <c>/health/ready</c> and answered 503, it does not stop the service. The execution provider
    /// (CPU, CUDA…) is the folder's own choice, in <c>genai_config.json</c>. Default: none.
    /// </summary>
    public string? ModelFolder { get; set; }

    /// <summary>
    /// The OpenAI-compatible API's base address, the part before <c>/chat/completions</c> (vLLM and llama.cpp's
    /// server: <c>http://host:8000/v1</c>; Ollama: <c>http://host:11434/v1</c>). Required for
    /// <see cref="ChatBackend.OpenAI"/>. Default: none.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model name sent to the OpenAI-compatible endpoint. Required for <see cref="ChatBackend.OpenAI"/>. Default: none.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// The key sent as <c>Authorization: Bearer</c> to the OpenAI-compatible endpoint. Default: none (local servers
    /// such as vLLM and Ollama accept any key; a placeholder is sent).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Deadline of one chat request, retries and the whole streamed answer included; past it the request fails
    /// with <see cref="ChatBackendUnavailableException"/> (503). Default: 00:02:00.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Deadline of one HTTP attempt until the OpenAI-compatible server's response headers arrive; a slow attempt is
    /// retried. Default: 00:01:00.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Retries of a request the OpenAI-compatible server answered 408, 429 or 5xx, or that failed to connect, with
    /// exponential back-off and jitter (a <c>Retry-After</c> header is honoured). Default: 2.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; each further retry doubles it (plus jitter). Default: 00:00:01.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most tokens in one answer when the caller does not say. Default: 512 tokens.</summary>
    [Range(1, 1_000_000)]
    public int MaxOutputTokens { get; set; } = 512;

    /// <summary>
    /// Most answers kept in the in-memory answer cache, which answers an identical question (text, filters, topK,
    /// mode, backend and model) over an unchanged collection without searching or generating again; any upload,
    /// delete or re-index of the collection invalidates its entries. 0 turns the cache off. Default: 1,000.
    /// </summary>
    [Range(0, 1_000_000)]
    public int AnswerCacheEntries { get; set; } = 1_000;

    /// <summary>Most memory the answer cache holds, in MiB, estimated from its text; the least recently used answers go first. Default: 64.</summary>
    [Range(1, 1_000_000)]
    public int AnswerCacheMegabytes { get; set; } = 64;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backend == ChatBackend.Onnx && string.IsNullOrWhiteSpace(ModelFolder))
        {
            yield return new ValidationResult($"{Section}:{nameof(ModelFolder)} is required when {Section}:{nameof(Backend)} is Onnx.", [nameof(ModelFolder)]);
        }

        if (Backend == ChatBackend.OpenAI)
        {
            if (Endpoint is not { IsAbsoluteUri: true } || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult($"{Section}:{nameof(Endpoint)} must be an absolute http(s) address when {Section}:{nameof(Backend)} is OpenAI.", [nameof(Endpoint)]);
            }

            if (string.IsNullOrWhiteSpace(Model))
            {
                yield return new ValidationResult($"{Section}:{nameof(Model)} is required when {Section}:{nameof(Backend)} is OpenAI.", [nameof(Model)]);
            }
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"{Section}:{nameof(Timeout)} must be positive.", [nameof(Timeout)]);
        }

        // Polly's timeout strategy accepts 10 ms to a day.
        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || AttemptTimeout > TimeSpan.FromDays(1) || AttemptTimeout > Timeout)
        {
            yield return new ValidationResult($"{Section}:{nameof(AttemptTimeout)} must be between 00:00:00.010 and a day, and at most {Section}:{nameof(Timeout)}.", [nameof(AttemptTimeout)]);
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"{Section}:{nameof(RetryDelay)} must be between zero and a day.", [nameof(RetryDelay)]);
        }
    }
}
