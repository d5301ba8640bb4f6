namespace Folio.Generation.Chat;

/// <summary>
/// What runs behind the chat client, for readiness and the start-up log: the backend, the model, where it runs
/// and, when it cannot answer, why.
/// </summary>
/// <param name="Backend">The configured backend.</param>
/// <param name="Model">The model's id (the ONNX model folder's name, or the remote model name); null for none.</param>
/// <param name="Device">Where the model runs: <c>cpu</c>, <c>cuda</c> or another ONNX Runtime execution provider named
/// by the model's <c>genai_config.json</c>; <c>remote</c> for an OpenAI-compatible server; <c>none</c>.</param>
/// <param name="ContextTokens">The model's context window in its own tokens, prompt and answer together; null when unknown.</param>
/// <param name="Problem">Why the backend cannot answer (for instance a missing model folder); null when it can.</param>
public sealed record ChatBackendStatus(ChatBackend Backend, string? Model, string Device, int? ContextTokens, string? Problem)
{
    /// <summary>The status of <see cref="ChatBackend.None"/>.</summary>
    public static ChatBackendStatus None { get; } = new(ChatBackend.None, null, "none", null, null);

    /// <summary>Whether the backend can answer.</summary>
    public bool IsAvailable => Problem is null;
}
