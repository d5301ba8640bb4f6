using System.Text.Json;
using Folio.Extraction;
using Folio.Generation.Chat;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Folio.Generation.Onnx;

/// <summary>
/// An ONNX Runtime GenAI model folder, loaded once per process: the native model and tokenizer (both safe to share
/// between concurrent generators), plus what Folio reads from the folder's JSON files itself: the context window and
/// the execution provider. Also counts tokens in the model's own vocabulary, for prompt budgets.
/// </summary>
internal sealed class OnnxGenAIModel : ITokenCounter, IDisposable
{
    private OnnxGenAIModel(string id, string device, int contextLength, Model model, Tokenizer tokenizer)
    {
        Id = id;
        Device = device;
        ContextLength = contextLength;
        Model = model;
        Tokenizer = tokenizer;
        EosTokenIds = new HashSet<int>(tokenizer.GetEosTokenIds().ToArray());
    }

    /// <summary>The model's id: its folder's name.</summary>
    public string Id { get; }

    /// <summary>The execution provider named by <c>genai_config.json</c> (<c>cpu</c> when it names none).</summary>
    public string Device { get; }

    /// <summary><c>model.context_length</c>: prompt and answer together, in tokens.</summary>
    public int ContextLength { get; }

    public Model Model { get; }

    public Tokenizer Tokenizer { get; }

    /// <summary>The end-of-sequence ids; ORT GenAI returns them from the last step but never appends them to the sequence.</summary>
    public IReadOnlySet<int> EosTokenIds { get; }

    /// <summary>Loads a model folder.</summary>
    /// <exception cref="ChatBackendUnavailableException">The folder is missing, incomplete or not a model ORT GenAI can load.</exception>
    public static OnnxGenAIModel Load(string folder)
    {
        var path = Path.GetFullPath(folder);
        var id = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));

        // 1. Check the files before any native call: some broken files are only found by a crash later
        //    (a null chat_template makes the tokenizer throw, and a later GC then kills the process, PACKAGES.md).
        if (!Directory.Exists(path))
        {
            throw Broken(id, $"the model folder {path} does not exist");
        }

        using var config = ReadJson(path, id, "genai_config.json");
        using var tokenizerConfig = ReadJson(path, id, "tokenizer_config.json");
        if (!File.Exists(Path.Combine(path, "tokenizer.json")))
        {
            throw Broken(id, "tokenizer.json is missing");
        }

        if (!tokenizerConfig.RootElement.TryGetProperty("chat_template", out var template) || template.ValueKind != JsonValueKind.String)
        {
            throw Broken(id, "tokenizer_config.json has no chat_template string");
        }

        if (!config.RootElement.TryGetProperty("model", out var modelSection)
            || !modelSection.TryGetProperty("context_length", out var contextLength) || !contextLength.TryGetInt32(out var context) || context < 1)
        {
            throw Broken(id, "genai_config.json has no model.context_length");
        }

        // 2. Load the native model and its tokenizer; ORT GenAI reports a bad graph or config as a managed exception.
        Model? model = null;
        try
        {
            model = new Model(path);
            var tokenizer = new Tokenizer(model);
            return new OnnxGenAIModel(id, DeviceOf(modelSection), context, model, tokenizer);
        }
        catch (OnnxRuntimeGenAIException e)
        {
            model?.Dispose();
            throw new ChatBackendUnavailableException($"The ONNX model '{id}' cannot be loaded: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public int CountTokens(string text)
    {
        using var sequences = Tokenizer.Encode(text);
        return sequences[0].Length;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Tokenizer.Dispose();
        Model.Dispose();
    }

    /// <summary>The first provider in <c>model.decoder.session_options.provider_options</c>, e.g. <c>cuda</c>; none means CPU.</summary>
    private static string DeviceOf(JsonElement modelSection)
    {
        if (modelSection.TryGetProperty("decoder", out var decoder)
            && decoder.TryGetProperty("session_options", out var session)
            && session.TryGetProperty("provider_options", out var providers)
            && providers.ValueKind == JsonValueKind.Array)
        {
            foreach (var provider in providers.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
            {
                foreach (var option in provider.EnumerateObject())
                {
                    return option.Name.ToLowerInvariant();
                }
            }
        }

        return "cpu";
    }

    private static JsonDocument ReadJson(string folder, string id, string fileName)
    {
        var file = Path.Combine(folder, fileName);
        if (!File.Exists(file))
        {
            throw Broken(id, $"{fileName} is missing");
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new ChatBackendUnavailableException($"The ONNX model '{id}' cannot be loaded: {fileName} is not valid JSON ({e.Message})", e);
        }
    }

    private static ChatBackendUnavailableException Broken(string id, string reason) => new($"The ONNX model '{id}' cannot be loaded: {reason}.");
}
