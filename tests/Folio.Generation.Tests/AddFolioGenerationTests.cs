using Folio.Generation.Chat;
using Folio.Generation.Tests.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Folio.Generation.Tests;

public sealed class AddFolioGenerationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Nothing_configured_means_no_chat_client_and_extractive_answers()
    {
        using var services = GenerationHost.Build();

        var backend = services.GetRequiredService<GenerationBackend>();

        Assert.False(backend.IsGenerative);
        Assert.Null(backend.ChatClient);
        Assert.Equal(ChatBackendStatus.None, backend.Status);
        Assert.Null(services.GetService<IChatClient>());
    }

    [Fact]
    public async Task Onnx_backend_answers_through_the_pipeline_with_the_configured_default_length()
    {
        var folder = _folder.Combine("tiny");
        TinyChatModel.Write(folder, ["Hi", " there", " from", " tiny", " model", "!"]);
        await using var services = GenerationHost.Build(("Backend", "onnx"), ("ModelFolder", folder), ("MaxOutputTokens", "2"));
        var backend = services.GetRequiredService<GenerationBackend>();

        var response = await backend.ChatClient!.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]);

        Assert.Equal("Hi there", response.Text);
        Assert.True(backend.IsGenerative);
        Assert.Equal(new ChatBackendStatus(ChatBackend.Onnx, "tiny", "cpu", 256, null), backend.Status);
        Assert.Equal("tiny", backend.ChatClient.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task Onnx_backend_with_a_missing_folder_starts_and_reports_why()
    {
        await using var services = GenerationHost.Build(("Backend", "Onnx"), ("ModelFolder", _folder.Combine("absent")));
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var backend = services.GetRequiredService<GenerationBackend>();

        Assert.False(backend.Status.IsAvailable);
        Assert.Contains("does not exist", backend.Status.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ChatBackendUnavailableException>(() => backend.ChatClient!.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]));
    }

    [Fact]
    public void An_unknown_backend_fails_at_start_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GenerationHost.Build(("Backend", "Llama")));

        Assert.Contains("Generation:Backend", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<(string, string?)[], string> Invalid => new()
    {
        { [("Backend", "Onnx")], "Generation:ModelFolder" },
        { [("Backend", "OpenAI"), ("Model", "m")], "Generation:Endpoint" },
        { [("Backend", "OpenAI"), ("Endpoint", "ftp://host/v1"), ("Model", "m")], "Generation:Endpoint" },
        { [("Backend", "OpenAI"), ("Endpoint", "http://host/v1")], "Generation:Model" },
        { [("Timeout", "00:00:10"), ("AttemptTimeout", "00:00:20")], "Generation:AttemptTimeout" },
        { [("AttemptTimeout", "00:00:00.001")], "Generation:AttemptTimeout" },
        { [("RetryDelay", "-00:00:01")], "Generation:RetryDelay" },
        { [("MaxRetries", "11")], "MaxRetries" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_options_fail_at_start_naming_the_key((string, string?)[] settings, string key)
    {
        using var services = GenerationHost.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GenerationOptions>>().Value);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
