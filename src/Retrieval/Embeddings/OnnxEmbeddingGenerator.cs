using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Folio.Retrieval.Embeddings;

/// <summary>
/// Sentence embeddings from a BERT-style ONNX model (all-MiniLM-L6-v2 by default), computed as
/// sentence-transformers does: <see cref="WordPieceTokenizer"/> ids, the encoder's last hidden state, mean
/// pooling over the attention mask, L2 normalisation. Texts are batched by a token budget after sorting by
/// length, batches run on a pool of ONNX Runtime sessions in parallel, and results come back in input order.
/// Thread-safe; texts longer than <see cref="EmbeddingOptions.MaxTokens"/> are truncated.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly InferenceSession[] _sessions;
    private readonly Channel<InferenceSession> _pool;
    private readonly EmbeddingOptions _options;
    private readonly bool _hasTokenTypes;
    private readonly string _outputName;
    private readonly int _parallelism;

    /// <summary>Loads the model and creates the sessions (≈ 1–2 s each for MiniLM on CPU).</summary>
    /// <exception cref="ValidationException">The options are invalid.</exception>
    /// <exception cref="NotSupportedException">CUDA was asked for in a build without it.</exception>
    public OnnxEmbeddingGenerator(IOptions<EmbeddingOptions> options, ILogger<OnnxEmbeddingGenerator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        Validator.ValidateObject(_options, new ValidationContext(_options), validateAllProperties: true);
        var stopwatch = Stopwatch.StartNew();

        var source = EmbeddingModelSource.For(_options);
        using (var vocabulary = new StreamReader(source.OpenVocabulary()))
        {
            Tokenizer = WordPieceTokenizer.FromVocabulary(vocabulary);
        }

        var model = source.ReadModel();
        if (_options.Precision == EmbeddingPrecision.Int8)
        {
            var folder = _options.ResolveCacheFolder();
            model = QuantizedModelCache.GetOrCreate(source.Name, model, folder, out var created);
            if (created)
            {
                Log.ModelQuantized(logger, source.Name, folder);
            }
        }

        ActiveDevice = ChooseDevice(_options.Device, logger);
        var sessionCount = _options.Sessions ?? (ActiveDevice == EmbeddingDevice.Cuda ? 1 : Environment.ProcessorCount);
        _sessions = new InferenceSession[sessionCount];
        try
        {
            for (var i = 0; i < sessionCount; i++)
            {
                using var sessionOptions = CreateSessionOptions(ActiveDevice, _options.ThreadsPerSession);
                _sessions[i] = new InferenceSession(model, sessionOptions);
            }
        }
        catch
        {
            DisposeSessions();
            throw;
        }

        _pool = Channel.CreateUnbounded<InferenceSession>();
        foreach (var session in _sessions)
        {
            _pool.Writer.TryWrite(session);
        }

        _parallelism = sessionCount;
        var first = _sessions[0];
        _hasTokenTypes = first.InputMetadata.ContainsKey("token_type_ids");
        _outputName = first.OutputMetadata.ContainsKey("last_hidden_state")
            ? "last_hidden_state"
            : first.OutputMetadata.First(o => o.Value.Dimensions.Length == 3).Key;
        var dimensions = first.OutputMetadata[_outputName].Dimensions[^1];
        ModelId = source.Name + (_options.Precision == EmbeddingPrecision.Int8 ? "-int8" : "-fp32");
        Metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, ModelId, dimensions);
        Log.EmbeddingModelLoaded(logger, ModelId, dimensions, ActiveDevice, sessionCount, _options.ThreadsPerSession,
            _options.MaxTokens, stopwatch.ElapsedMilliseconds);
    }

    /// <summary>The device that actually runs the model (for logs and readiness): never <see cref="EmbeddingDevice.Auto"/>.</summary>
    public EmbeddingDevice ActiveDevice { get; }

    /// <summary>The model's id, e.g. <c>all-MiniLM-L6-v2-fp32</c>: vectors of different ids must not be compared.</summary>
    public string ModelId { get; }

    /// <summary>The model's tokenizer (the chunker's token counter).</summary>
    public WordPieceTokenizer Tokenizer { get; }

    /// <summary>Provider, model id and dimensions.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <inheritdoc/>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ids = values.Select(v => Tokenizer.Encode(v ?? string.Empty, _options.MaxTokens)).ToArray();
        var vectors = new float[ids.Length][];
        var batches = TokenBudgetBatcher.Plan(ids.Select(i => i.Length).ToArray(), _options.BatchTokenBudget, _parallelism);
        await Task.WhenAll(batches.Select(batch => RunBatchAsync(batch, ids, vectors, cancellationToken)));

        var created = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        result.AddRange(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = created }));
        result.Usage = new UsageDetails { InputTokenCount = ids.Sum(i => (long)i.Length) };
        return result;
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Tokenizer) ? Tokenizer
            : null;
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeSessions();

    private async Task RunBatchAsync(int[] batch, int[][] ids, float[][] vectors, CancellationToken cancellationToken)
    {
        var session = await _pool.Reader.ReadAsync(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Run(() => Run(session, batch, ids, vectors, cancellationToken), cancellationToken);
        }
        finally
        {
            _pool.Writer.TryWrite(session);
        }
    }

    private void Run(InferenceSession session, int[] batch, int[][] ids, float[][] vectors, CancellationToken cancellationToken)
    {
        var rows = batch.Length;
        var width = batch.Max(i => ids[i].Length);
        var inputIds = new long[rows * width];
        var mask = new long[rows * width];
        for (var r = 0; r < rows; r++)
        {
            var row = ids[batch[r]];
            for (var t = 0; t < row.Length; t++)
            {
                inputIds[(r * width) + t] = row[t];
                mask[(r * width) + t] = 1;
            }

            inputIds.AsSpan((r * width) + row.Length, width - row.Length).Fill(Tokenizer.PadId);
        }

        long[] shape = [rows, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _hasTokenTypes ? OrtValue.CreateTensorValueFromMemory(new long[rows * width], shape) : null;
        var names = _hasTokenTypes ? new[] { "input_ids", "attention_mask", "token_type_ids" } : ["input_ids", "attention_mask"];
        var inputs = _hasTokenTypes ? new[] { idsValue, maskValue, typesValue! } : [idsValue, maskValue];

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = session.Run(runOptions, names, inputs, [_outputName]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        using (outputs)
        {
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var dimensions = hidden.Length / (rows * width);
            for (var r = 0; r < rows; r++)
            {
                vectors[batch[r]] = MeanPoolNormalized(hidden.Slice(r * width * dimensions, width * dimensions), ids[batch[r]].Length, dimensions);
            }
        }
    }

    /// <summary>Mean of the first <paramref name="tokens"/> (unpadded) token vectors, scaled to unit length.</summary>
    private static float[] MeanPoolNormalized(ReadOnlySpan<float> hidden, int tokens, int dimensions)
    {
        var vector = new float[dimensions];
        for (var t = 0; t < tokens; t++)
        {
            TensorPrimitives.Add(vector, hidden.Slice(t * dimensions, dimensions), vector);
        }

        // Dividing by the count first is what sentence-transformers does; it cancels in the normalisation
        // but keeps the float rounding identical.
        TensorPrimitives.Divide(vector, Math.Max(tokens, 1), vector);
        var norm = Math.Max(TensorPrimitives.Norm<float>(vector), 1e-12f);
        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    private static EmbeddingDevice ChooseDevice(EmbeddingDevice requested, ILogger logger)
    {
        if (requested == EmbeddingDevice.Cpu)
        {
            return EmbeddingDevice.Cpu;
        }
#if FOLIO_CUDA
        try
        {
            // Probe once: appending the provider fails when the CUDA libraries or the GPU are missing.
            using var probe = new SessionOptions();
            probe.AppendExecutionProvider_CUDA(0);
            return EmbeddingDevice.Cuda;
        }
        catch (Exception ex) when (requested == EmbeddingDevice.Auto && ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            Log.CudaUnavailable(logger, ex.Message);
            return EmbeddingDevice.Cpu;
        }
#else
        if (requested == EmbeddingDevice.Cuda)
        {
            throw new NotSupportedException("Embeddings:Device is Cuda, but this is the CPU build; build with -p:FolioAccelerator=cuda.");
        }

        _ = logger;
        return EmbeddingDevice.Cpu;
#endif
    }

    private static SessionOptions CreateSessionOptions(EmbeddingDevice device, int threads)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
#if FOLIO_CUDA
        if (device == EmbeddingDevice.Cuda)
        {
            sessionOptions.AppendExecutionProvider_CUDA(0);
        }
#else
        _ = device;
#endif
        return sessionOptions;
    }

    private void DisposeSessions()
    {
        foreach (var session in _sessions)
        {
            session?.Dispose();
        }
    }
}
