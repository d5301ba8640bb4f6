using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Folio.Generation.Chat;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Folio.Generation.Onnx;

/// <summary>
/// A chat client over a local ONNX Runtime GenAI model folder. One model is loaded per client (one per process in
/// Folio) and each request runs its own generator, so requests run concurrently. The prompt is the folder's own
/// chat template; the answer streams through the tokenizer's stream decoder, end-of-sequence tokens skipped.
/// Honours <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.StopSequences"/>, temperature, top-p,
/// top-k and seed, and <see cref="ChatResponseFormat.Json"/> (with a schema: JSON-schema guided decoding).
/// Cancellation stops generation before the next token. Tools are not supported and are ignored.
/// </summary>
/// <remarks>
/// Folio's own client rather than the <c>OnnxRuntimeGenAIChatClient</c> bundled with ORT GenAI 0.18.0, which repeats
/// the last token when streaming (PACKAGES.md). The execution provider is the model folder's choice
/// (<c>genai_config.json</c>, <c>model.decoder.session_options.provider_options</c>). Without
/// <see cref="ChatOptions.MaxOutputTokens"/> an answer may run to the end of the context window, and a model whose
/// config shares its KV buffer allocates it for that length: <c>AddFolioGeneration</c> sets a default.
/// </remarks>
public sealed class OnnxGenAIChatClient : IChatClient
{
    private readonly OnnxGenAIModel? _model;
    private readonly ChatClientMetadata _metadata;
    private readonly CancellationTokenSource _disposing = new();
    private int _running;

    /// <summary>
    /// Loads the model folder. A missing or broken folder does not throw: <see cref="Status"/> says why, and every
    /// request throws <see cref="ChatBackendUnavailableException"/>.
    /// </summary>
    public OnnxGenAIChatClient(string modelFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        try
        {
            _model = OnnxGenAIModel.Load(modelFolder);
            Status = new ChatBackendStatus(ChatBackend.Onnx, _model.Id, _model.Device, _model.ContextLength, null);
        }
        catch (ChatBackendUnavailableException e)
        {
            Status = new ChatBackendStatus(ChatBackend.Onnx, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder))), "none", null, e.Message);
        }

        _metadata = new ChatClientMetadata("onnxruntime-genai", null, Status.Model);
    }

    /// <summary>The model, its device and context window, or why it could not be loaded.</summary>
    public ChatBackendStatus Status { get; }

    /// <inheritdoc/>
    /// <exception cref="ChatBackendUnavailableException">The model could not be loaded.</exception>
    /// <exception cref="ArgumentException">The prompt does not fit the model's context window.</exception>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="ChatBackendUnavailableException">The model could not be loaded.</exception>
    /// <exception cref="ArgumentException">The prompt does not fit the model's context window.</exception>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = _model ?? throw new ChatBackendUnavailableException(Status.Problem!);
        cancellationToken.ThrowIfCancellationRequested();
        var messagesJson = MessagesJson(messages, options);

        // Each native step blocks its thread for a whole token, so generation runs on a thread of its own and
        // the caller awaits its pieces; a caller that cancels or stops reading stops it before the next token.
        var pieces = Channel.CreateUnbounded<ChatResponseUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        Interlocked.Increment(ref _running);
        if (_disposing.IsCancellationRequested)
        {
            Interlocked.Decrement(ref _running);
            throw new ObjectDisposedException(nameof(OnnxGenAIChatClient));
        }

        var generation = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    Generate(model, messagesJson, options, pieces.Writer, stop.Token);
                }
                finally
                {
                    Interlocked.Decrement(ref _running);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await foreach (var update in pieces.Reader.ReadAllAsync(cancellationToken))
            {
                // ReadAllAsync drains what is buffered without looking at the token.
                cancellationToken.ThrowIfCancellationRequested();
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await generation;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Answers <see cref="ChatClientMetadata"/> (Semantic Kernel needs it), <see cref="ChatBackendStatus"/>, and
    /// <see cref="Folio.Extraction.ITokenCounter"/> in the model's own tokens (for prompt budgets) when the model loaded.
    /// </remarks>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(ChatBackendStatus) ? Status
            : serviceType == typeof(Folio.Extraction.ITokenCounter) ? _model
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>
    /// Stops running generations (each within a token), waits for them, then frees the native model: freeing it
    /// under a running generator would crash the process at shutdown.
    /// </summary>
    public void Dispose()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        _disposing.Cancel();
        if (SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 0, TimeSpan.FromSeconds(30)))
        {
            _model?.Dispose();
        }

        _disposing.Dispose();
    }

    /// <summary>One request's generation, on its own thread: every piece, then a last update with the finish reason and usage.</summary>
    private static void Generate(OnnxGenAIModel model, string messagesJson, ChatOptions? options, ChannelWriter<ChatResponseUpdate> pieces, CancellationToken cancellationToken)
    {
        try
        {
            // 1. The prompt: the model's chat template over the messages, then its tokens.
            var prompt = model.Tokenizer.ApplyChatTemplate(null, messagesJson, null, true);
            using var sequences = model.Tokenizer.Encode(prompt);
            var promptTokens = sequences[0].Length;
            if (promptTokens >= model.ContextLength)
            {
                throw new ArgumentException($"The prompt has {promptTokens} tokens; the model '{model.Id}' holds {model.ContextLength} tokens, prompt and answer together.", nameof(messagesJson));
            }

            // 2. The generator: max_length counts the prompt too.
            var maxOutputTokens = Math.Min(options?.MaxOutputTokens ?? int.MaxValue, model.ContextLength - promptTokens);
            using var parameters = new GeneratorParams(model.Model);
            parameters.SetSearchOption("max_length", promptTokens + maxOutputTokens);
            SetSampling(parameters, options);
            if (options?.ResponseFormat is ChatResponseFormatJson json)
            {
                // enableFFTokens=false: with fast-forward tokens GetNextTokens() skips some of them (PACKAGES.md).
                parameters.SetGuidance("json_schema", GuidanceSchema(json.Schema), false);
            }

            using var generator = new Generator(model.Model, parameters);
            generator.AppendTokenSequences(sequences);

            // 3. One token at a time, so cancellation takes effect before the next one.
            using var decoder = model.Tokenizer.CreateStream();
            var stops = new StopSequenceFilter(options?.StopSequences);
            var responseId = Guid.NewGuid().ToString("N");
            var createdAt = DateTimeOffset.UtcNow;
            var outputTokens = 0;
            var finish = ChatFinishReason.Length;
            while (!generator.IsDone() && outputTokens < maxOutputTokens)
            {
                cancellationToken.ThrowIfCancellationRequested();
                generator.GenerateNextToken();
                var token = generator.GetNextTokens()[0];
                if (model.EosTokenIds.Contains(token))
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }

                outputTokens++;
                Write(stops.Push(decoder.Decode(token)));
                if (stops.Stopped)
                {
                    finish = ChatFinishReason.Stop;
                    break;
                }
            }

            Write(stops.Flush());
            var usage = new UsageDetails { InputTokenCount = promptTokens, OutputTokenCount = outputTokens, TotalTokenCount = promptTokens + outputTokens };
            pieces.TryWrite(Update([new UsageContent(usage)], finish));
            pieces.TryComplete();

            void Write(string text)
            {
                if (text.Length > 0)
                {
                    pieces.TryWrite(Update([new TextContent(text)], null));
                }
            }

            ChatResponseUpdate Update(IList<AIContent> contents, ChatFinishReason? finishReason) => new(ChatRole.Assistant, contents)
            {
                FinishReason = finishReason,
                ResponseId = responseId,
                MessageId = responseId,
                CreatedAt = createdAt,
                ModelId = model.Id,
            };
        }
        catch (Exception e)
        {
            // The reader rethrows it; a cancellation the reader caused itself is never read.
            pieces.TryComplete(e);
        }
    }

    /// <summary>The messages as the chat template expects them: <c>[{"role":"user","content":"…"}]</c>, instructions first.</summary>
    private static string MessagesJson(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var array = new JsonArray();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            array.Add(new JsonObject { ["role"] = ChatRole.System.Value, ["content"] = options.Instructions });
        }

        foreach (var message in messages)
        {
            array.Add(new JsonObject { ["role"] = message.Role.Value, ["content"] = message.Text });
        }

        return array.ToJsonString();
    }

    /// <summary>Greedy unless the caller asks for sampling (a positive temperature, or top-p/top-k without temperature 0).</summary>
    private static void SetSampling(GeneratorParams parameters, ChatOptions? options)
    {
        if (options is null)
        {
            return;
        }

        var sample = options.Temperature > 0 || ((options.TopP is not null || options.TopK is not null) && options.Temperature is not 0);
        parameters.SetSearchOption("do_sample", sample);
        if (options.Temperature is > 0 and var temperature)
        {
            parameters.SetSearchOption("temperature", temperature);
        }

        if (options.TopP is { } topP)
        {
            parameters.SetSearchOption("top_p", topP);
        }

        if (options.TopK is { } topK)
        {
            parameters.SetSearchOption("top_k", topK);
        }

        if (options.Seed is { } seed)
        {
            parameters.SetSearchOption("random_seed", seed);
        }
    }

    /// <summary>
    /// The schema for llguidance, or any object when none is given. <c>whitespace_flexible: false</c> keeps the output
    /// compact: with the default, a model that strays from the schema emits whitespace until max_length (PACKAGES.md).
    /// </summary>
    private static string GuidanceSchema(JsonElement? schema)
    {
        var node = schema is { ValueKind: JsonValueKind.Object } given ? JsonNode.Parse(given.GetRawText())!.AsObject() : new JsonObject { ["type"] = "object" };
        node["x-guidance"] = new JsonObject { ["whitespace_flexible"] = false };
        return node.ToJsonString();
    }
}
