using System.Text.Json;
using Folio.Extraction;
using Folio.Generation.Chat;
using Folio.Generation.StructuredExtraction;
using Folio.Generation.Tests.Onnx;
using Folio.Retrieval.Documents;
using Microsoft.Extensions.AI;

namespace Folio.Generation.Tests.StructuredExtraction;

/// <summary>The generative path with a scripted chat client: constrained output, validation, bounded repair rounds, grounding, usage.</summary>
public sealed class GenerativeExtractionTests : IDisposable
{
    private const string Text = "Invoice R-42 of 05.03.2018 from Lieferant GmbH. Total 529,87 EUR.";

    private const string Schema = """
        {"type":"object","required":["number","date","kind","total"],"properties":{
          "number":{"type":"string"},"date":{"type":["string","null"],"format":"date"},
          "kind":{"enum":["invoice","credit note"]},"total":{"type":"number"},
          "seller":{"type":["string","null"]}}}
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "folio-genx-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Invalid_output_is_repaired_with_the_errors_shown_to_the_model()
    {
        var calls = new List<(List<ChatMessage> Messages, ChatOptions? Options)>();
        var replies = new Queue<string>([
            """{"number":"R-42","date":"2018-03-05","kind":"bill"}""",
            """{"number":"R-42","date":"2018-03-05","kind":"invoice","total":529.87,"seller":"Lieferant GmbH"}""",
        ]);
        var result = await ExtractAsync((messages, options) =>
        {
            calls.Add((messages.ToList(), options));
            return replies.Dequeue();
        });

        Assert.True(result.Valid, string.Join("; ", result.Errors));
        Assert.Equal(ExtractionMode.Generative, result.Mode);
        Assert.Equal(2, calls.Count);
        Assert.IsType<ChatResponseFormatJson>(calls[0].Options!.ResponseFormat);
        Assert.NotNull(((ChatResponseFormatJson)calls[0].Options!.ResponseFormat!).Schema);
        var repair = calls[1].Messages[^1].Text;
        Assert.Contains("/kind", repair, StringComparison.Ordinal);
        Assert.Equal(new ExtractionUsage(20, 10), result.Usage);
        Assert.Equal("exact", result.Fields["/number"].Evidence[0].Match);
        Assert.Equal("05.03.2018", result.Fields["/date"].Evidence[0].Quote);
        Assert.Equal("529,87", result.Fields["/total"].Evidence[0].Quote);
        Assert.True(result.Fields["/seller"].Grounded);
    }

    [Fact]
    public async Task Repair_rounds_are_bounded_and_still_invalid_output_is_reported_not_thrown()
    {
        var calls = 0;
        var result = await ExtractAsync((_, _) =>
        {
            calls++;
            return calls == 1 ? "not json at all" : """{"number":"R-42"}""";
        }, new ExtractionOptions { MaxRepairRounds = 2 });

        Assert.Equal(3, calls);
        Assert.False(result.Valid);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task Ungrounded_values_become_null_when_grounding_is_required()
    {
        var reply = """{"number":"R-42","date":"2018-03-05","kind":"invoice","total":529.87,"seller":"Acme Corporation"}""";

        var loose = await ExtractAsync((_, _) => reply);
        var strict = await ExtractAsync((_, _) => reply, requireGrounding: true);

        Assert.False(loose.Fields["/seller"].Grounded);
        Assert.Equal("Acme Corporation", loose.Data!["seller"]!.GetValue<string>());
        Assert.Null(strict.Data!["seller"]);
        Assert.Contains(strict.Errors, e => e.Pointer == "/seller");
        Assert.True(strict.Valid);
    }

    [Fact]
    public async Task On_the_tiny_model_guided_output_validates_with_enums_required_nesting_and_arrays()
    {
        using var folder = new TempFolder();
        // A model that knows nothing of JSON: guidance alone keeps it inside the schema.
        TinyChatModel.Write(folder.Combine("model"), ["Hi", " there"], contextLength: 8192);
        using var client = new Folio.Generation.Onnx.OnnxGenAIChatClient(folder.Combine("model"));
        Assert.True(client.Status.IsAvailable, client.Status.Problem);
        var schema = """
            {"type":"object","required":["kind","count","flags","tags"],"additionalProperties":false,"properties":{
              "kind":{"enum":["invoice","credit note"]},
              "count":{"type":"integer"},
              "flags":{"type":"object","required":["paid"],"additionalProperties":false,"properties":{"paid":{"type":"boolean"}}},
              "tags":{"type":"array","maxItems":2,"items":{"enum":["a","b"]}}}}
            """;

        var result = await ExtractAsync(new GenerationBackend(client.Status, client), schema);

        Assert.True(result.Valid, string.Join("; ", result.Errors) + " " + result.Data?.ToJsonString());
        Assert.Equal(ExtractionMode.Generative, result.Mode);
        Assert.True(result.Usage!.OutputTokens > 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<ExtractionResult> ExtractAsync(Func<IEnumerable<ChatMessage>, ChatOptions?, string> reply, ExtractionOptions? options = null, bool requireGrounding = false) =>
        ExtractAsync(new GenerationBackend(new ChatBackendStatus(ChatBackend.OpenAI, "scripted", "remote", 4096, null), new ScriptedChatClient(reply)), Schema, options, requireGrounding);

    private async Task<ExtractionResult> ExtractAsync(GenerationBackend backend, string schemaJson, ExtractionOptions? options = null, bool requireGrounding = false)
    {
        var store = new DocumentStore(_folder);
        var files = new DocumentFiles(_folder);
        var parser = DocumentParser.CreateDefault(new ParsingOptions());
        await using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Text));
        var parsed = await parser.ParseAsync(content, "invoice.txt");
        var (document, _) = await store.AddAsync("default", "invoice.txt", "text/plain", new string('b', 64), new Dictionary<string, string>());
        var original = Path.Combine(_folder, "upload");
        await File.WriteAllTextAsync(original, Text);
        files.AdoptOriginal(document.Id, original, new string('b', 64));
        await files.SaveParsedAsync(document.Id, parsed);
        await files.SaveChunksAsync(document.Id, []);
        var extraction = new SchemaExtraction(store, files, new ExtractiveExtractor(new WordHashEmbedder()), backend, options ?? new ExtractionOptions());
        using var schema = JsonDocument.Parse(schemaJson);
        return await extraction.ExtractAsync(new ExtractionRequest(document.Id, ExtractionSchema.Parse(schema.RootElement.Clone(), new ExtractionOptions()), null, requireGrounding));
    }

    /// <summary>A chat client whose replies a function scripts; each reply reports 10 input and 5 output tokens.</summary>
    private sealed class ScriptedChatClient(Func<IEnumerable<ChatMessage>, ChatOptions?, string> reply) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(messages, options)))
            {
                Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
