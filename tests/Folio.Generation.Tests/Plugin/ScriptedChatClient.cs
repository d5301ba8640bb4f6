using Microsoft.Extensions.AI;

namespace Folio.Generation.Tests.Plugin;

/// <summary>
/// A chat model that follows a script: each turn sees the conversation so far (function results included)
/// and the tools offered, and answers with a message (function calls, or the final text). Records what it saw.
/// </summary>
internal sealed class ScriptedChatClient(params Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatMessage>[] turns) : IChatClient
{
    private int _turn;

    /// <summary>Every function result the model was shown, in order.</summary>
    public List<FunctionResultContent> Results { get; } = [];

    /// <summary>The tool names offered on the first turn.</summary>
    public List<string> OfferedTools { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        if (_turn == 0)
        {
            OfferedTools.AddRange(options?.Tools?.Select(t => t.Name) ?? []);
        }

        foreach (var result in history.SelectMany(m => m.Contents).OfType<FunctionResultContent>())
        {
            if (!Results.Exists(r => r.CallId == result.CallId))
            {
                Results.Add(result);
            }
        }

        var message = _turn < turns.Length ? turns[_turn++](history, options) : new ChatMessage(ChatRole.Assistant, "The script has ended.");
        return Task.FromResult(new ChatResponse(message));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    // Semantic Kernel needs the metadata (PACKAGES.md: InvokePromptAsync throws without it).
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, "scripted-1") : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>A turn calling the offered tool whose name ends with <paramref name="function"/> (<c>folio_search</c> for <c>search</c>).</summary>
    public static ChatMessage Call(ChatOptions? options, string function, Dictionary<string, object?> arguments)
    {
        var tool = options?.Tools?.SingleOrDefault(t => t.Name.EndsWith(function, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No tool for {function} was offered.");
        return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-" + Guid.NewGuid().ToString("N")[..8], tool.Name, arguments)]);
    }
}
