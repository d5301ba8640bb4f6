using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Folio.Extraction;
using Folio.Generation.Chat;
using Folio.Generation.Onnx;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace Folio.Generation.Tests.Onnx;

public sealed class OnnxGenAIChatClientTests : IDisposable
{
    private static readonly string[] Script = ["Hi", " there", " from", " tiny", " model", "!"];
    private const string Answer = "Hi there from tiny model!";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Greedy_answer_is_the_script_and_ends_at_end_of_sequence()
    {
        using var client = Client(Script);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]);

        Assert.Equal(Answer, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
    }

    [Fact]
    public async Task Streamed_pieces_join_to_the_full_answer_without_end_of_sequence()
    {
        using var client = Client(Script);

        var pieces = new List<string>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Q?")]))
        {
            if (update.Text.Length > 0)
            {
                pieces.Add(update.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(Script, pieces);
        Assert.Equal(Answer, string.Concat(pieces));
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task Usage_counts_the_prompt_and_the_answer_tokens()
    {
        using var client = Client(Script);
        const string Question = "Q?";

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Question)]);

        // <|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\n: three special tokens, one token per other byte.
        var expectedPrompt = 3 + TinyChatModel.ByteTokens("user\n" + Question + "\n" + "assistant\n");
        Assert.NotNull(response.Usage);
        Assert.Equal(expectedPrompt, response.Usage.InputTokenCount);
        Assert.Equal(Script.Length, response.Usage.OutputTokenCount);
        Assert.Equal(expectedPrompt + Script.Length, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Max_output_tokens_cuts_the_answer()
    {
        using var client = Client(Script);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")], new ChatOptions { MaxOutputTokens = 3 });

        Assert.Equal("Hi there from", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(3, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Context_length_ends_an_endless_answer()
    {
        using var client = Client(["la"], loop: true, contextLength: 64);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]);

        var prompt = (int)response.Usage!.InputTokenCount!;
        Assert.Equal(string.Concat(Enumerable.Repeat("la", 64 - prompt)), response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_an_argument_error()
    {
        using var client = Client(Script, contextLength: 32);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, new string('x', 40))]));

        Assert.Contains("holds 32 tokens", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" tiny", "Hi there from")]
    [InlineData("re fr", "Hi the")]
    [InlineData("!", "Hi there from tiny model")]
    [InlineData("Hi", "")]
    [InlineData("absent", Answer)]
    public async Task Stop_sequences_end_the_answer_before_them_even_across_tokens(string stop, string expected)
    {
        using var client = Client(Script);
        var options = new ChatOptions { StopSequences = [stop, "never seen"] };

        var streamed = new StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Q?")], options))
        {
            Assert.DoesNotContain(stop, update.Text, StringComparison.Ordinal);
            streamed.Append(update.Text);
        }

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")], options);
        Assert.Equal(expected, streamed.ToString());
        Assert.Equal(expected, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Cancelling_stops_generation_before_the_next_token()
    {
        using var client = Client(["la"], loop: true, contextLength: 4096);
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Q?")], cancellationToken: cancellation.Token))
            {
                if (++received == 5)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(5, received);
    }

    [Fact]
    public async Task Disposing_the_client_stops_running_generations_before_freeing_the_model()
    {
        var client = Client(["la"], loop: true, contextLength: 100_000);
        var stream = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Q?")]).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());

        client.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await stream.MoveNextAsync())
            {
            }
        });
        await stream.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]));
    }

    [Fact]
    public async Task Eight_concurrent_requests_each_get_their_own_answer()
    {
        using var client = Client(Script);

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => Task.Run(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")], new ChatOptions { MaxOutputTokens = n }))));

        for (var n = 1; n <= 8; n++)
        {
            Assert.Equal(string.Concat(Script.Take(n)), responses[n - 1].Text);
        }
    }

    [Fact]
    public async Task Json_that_follows_the_schema_comes_out_exactly()
    {
        using var client = Client(["{\"", "answer", "\":\"", "yes", "\",\"", "page", "\":", "3", "}"]);
        var schema = """{"type":"object","properties":{"answer":{"type":"string"},"page":{"type":"integer"}},"required":["answer","page"],"additionalProperties":false}""";

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")], JsonOptions(schema));

        Assert.Equal("""{"answer":"yes","page":3}""", response.Text);
        AssertValid(schema, response.Text);
    }

    [Fact]
    public async Task Guidance_keeps_a_straying_model_inside_the_schema()
    {
        using var client = Client(Script);
        var schema = """{"type":"object","properties":{"count":{"type":"integer"}},"required":["count"],"additionalProperties":false}""";

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")], JsonOptions(schema));

        AssertValid(schema, response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Top_k_of_one_samples_the_script_and_a_seed_repeats_a_sample()
    {
        using var client = Client(Script);
        ChatMessage[] question = [new ChatMessage(ChatRole.User, "Q?")];

        var topOne = await client.GetResponseAsync(question, new ChatOptions { Temperature = 5, TopK = 1, Seed = 1 });
        var first = await client.GetResponseAsync(question, new ChatOptions { Temperature = 5, Seed = 7, MaxOutputTokens = 16 });
        var again = await client.GetResponseAsync(question, new ChatOptions { Temperature = 5, Seed = 7, MaxOutputTokens = 16 });
        var other = await client.GetResponseAsync(question, new ChatOptions { Temperature = 5, Seed = 8, MaxOutputTokens = 16 });

        Assert.Equal(Answer, topOne.Text);
        Assert.Equal(first.Text, again.Text);
        Assert.NotEqual(first.Text, other.Text);
        Assert.NotEqual(Answer, first.Text);
    }

    [Fact]
    public void Status_names_the_model_device_and_context_and_metadata_is_there_for_Semantic_Kernel()
    {
        using var client = Client(Script, contextLength: 128);

        var status = client.GetService<ChatBackendStatus>();
        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal(new ChatBackendStatus(ChatBackend.Onnx, "model", "cpu", 128, null), status);
        Assert.Equal("model", metadata?.DefaultModelId);
        Assert.Equal("onnxruntime-genai", metadata?.ProviderName);
        Assert.Equal(2, client.GetService<ITokenCounter>()!.CountTokens("Hi!"));
    }

    [Fact]
    public async Task Missing_model_folder_is_a_typed_error_not_a_crash()
    {
        using var client = new OnnxGenAIChatClient(_folder.Combine("absent"));

        Assert.False(client.Status.IsAvailable);
        Assert.Contains("does not exist", client.Status.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ChatBackendUnavailableException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]));
    }

    public static TheoryData<string, string, string> BrokenFolders => new()
    {
        { "genai_config.json", "{not json", "genai_config.json is not valid JSON" },
        { "genai_config.json", """{"model":{"type":"llama","vocab_size":8,"context_length":64,"decoder":{"filename":"model.onnx","bogus":1}},"search":{}}""", "bogus" },
        { "model.onnx", "not a model", "cannot be loaded" },
        { "tokenizer_config.json", """{"chat_template":null}""", "no chat_template" },
        { "tokenizer_config.json", """{"tokenizer_class":"Qwen2Tokenizer"}""", "no chat_template" },
        { "tokenizer.json", null!, "tokenizer.json is missing" },
    };

    [Theory]
    [MemberData(nameof(BrokenFolders))]
    public async Task Broken_model_folder_is_a_typed_error_not_a_crash(string file, string? content, string problem)
    {
        var folder = _folder.Combine("model");
        TinyChatModel.Write(folder, Script);
        if (content is null)
        {
            File.Delete(Path.Combine(folder, file));
        }
        else
        {
            File.WriteAllText(Path.Combine(folder, file), content);
        }

        using var client = new OnnxGenAIChatClient(folder);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Contains(problem, client.Status.Problem, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<ChatBackendUnavailableException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]));
        Assert.Equal(client.Status.Problem, error.Message);
    }

    [Fact]
    public async Task A_folder_asking_for_an_execution_provider_this_build_lacks_is_a_typed_error()
    {
        var folder = _folder.Combine("model");
        TinyChatModel.Write(folder, Script);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "genai_config.json")))!;
        config["model"]!["decoder"]!["session_options"]!["provider_options"] = new JsonArray(new JsonObject { ["cuda"] = new JsonObject() });
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), config.ToJsonString());

        using var client = new OnnxGenAIChatClient(folder);

        // The CPU build has no libonnxruntime-genai-cuda.so: "Cuda interface not available: Failed to load library …".
        Assert.Contains("cuda", client.Status.Problem, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<ChatBackendUnavailableException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Q?")]));
    }

    private OnnxGenAIChatClient Client(IReadOnlyList<string> script, bool loop = false, int contextLength = 256)
    {
        var folder = _folder.Combine("model");
        TinyChatModel.Write(folder, script, loop, contextLength);
        var client = new OnnxGenAIChatClient(folder);
        Assert.True(client.Status.IsAvailable, client.Status.Problem);
        return client;
    }

    private static ChatOptions JsonOptions(string schema) =>
        new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement, "answer") };

    private static void AssertValid(string schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = JsonSchema.FromText(schema).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{json} does not follow {schema}");
    }
}
