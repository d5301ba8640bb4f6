using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Folio.Generation.OpenAI;

/// <summary>
/// Creates the chat client of an OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp's server, a hosted service) over
/// an <see cref="HttpClient"/> whose handler retries and times out attempts; the SDK's own retries are off so that
/// one policy, in one place, decides.
/// </summary>
internal static class OpenAICompatibleChatClient
{
    /// <summary>The name of the <see cref="HttpClient"/> (and its resilience handler) the client sends through.</summary>
    public const string HttpClientName = "Folio.Generation.OpenAI";

    public static IChatClient Create(GenerationOptions options, HttpClient httpClient)
    {
        // Local servers accept any key, but the SDK needs one.
        var key = new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey);
        var client = new ChatClient(options.Model, key, new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout,
        });
        return client.AsIChatClient();
    }
}
