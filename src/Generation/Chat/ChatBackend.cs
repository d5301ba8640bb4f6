namespace Folio.Generation.Chat;

/// <summary>Which chat backend answers (configuration <c>Generation:Backend</c>).</summary>
public enum ChatBackend
{
    /// <summary>No model: no <c>IChatClient</c> is registered and callers answer extractively.</summary>
    None,

    /// <summary>A local ONNX Runtime GenAI model folder, run in process by <see cref="Onnx.OnnxGenAIChatClient"/>.</summary>
    Onnx,

    /// <summary>An OpenAI-compatible chat-completions endpoint (vLLM, Ollama, llama.cpp's server, a hosted service).</summary>
    OpenAI,
}
