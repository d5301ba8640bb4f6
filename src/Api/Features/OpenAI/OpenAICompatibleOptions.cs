using System.ComponentModel.DataAnnotations;

namespace Folio.Api.Features.OpenAI;

/// <summary>Limits of the OpenAI-compatible endpoints (configuration section <c>OpenAICompatible</c>).</summary>
public sealed class OpenAICompatibleOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "OpenAICompatible";

    /// <summary>
    /// Most inputs in one <c>POST /v1/embeddings</c> request. Default: 256 (OpenAI allows 2,048; on CPU 256 inputs of
    /// 256 tokens already take seconds, and the 1 MiB request body cap holds about that much text).
    /// Each input is also at most the embedding model's <c>Embeddings:MaxTokens</c> long: longer ones are refused, not cut.
    /// </summary>
    [Range(1, 2_048)]
    public int MaxEmbeddingInputs { get; set; } = 256;

    /// <summary>Most messages in one <c>POST /v1/chat/completions</c> request. Default: 64.</summary>
    [Range(1, 1_024)]
    public int MaxChatMessages { get; set; } = 64;

    /// <summary>
    /// Most characters of the conversation before the question (the earlier messages together), which the
    /// generative prompt carries beside the sources. Default: 8,000 characters (about 2,000 tokens).
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxContextCharacters { get; set; } = 8_000;
}
