using System.Security.Cryptography;

namespace Folio.Retrieval.Embeddings;

/// <summary>
/// Keeps the int8 model made from a fp32 model on disk, so quantisation (seconds) runs once per model:
/// the file name carries a hash of the source bytes and <see cref="DynamicInt8Quantizer.Version"/>.
/// </summary>
internal static class QuantizedModelCache
{
    /// <summary>
    /// The int8 model's bytes, read from <paramref name="folder"/> or made and written there;
    /// <paramref name="created"/> is true when it was made and written now.
    /// </summary>
    public static byte[] GetOrCreate(string modelName, byte[] fp32Model, string folder, out bool created)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(fp32Model))[..16];
        var path = Path.Combine(folder, $"{modelName}-int8-v{DynamicInt8Quantizer.Version}-{hash}.onnx");
        if (File.Exists(path))
        {
            created = false;
            return File.ReadAllBytes(path);
        }

        var (model, quantized) = DynamicInt8Quantizer.Quantize(fp32Model);
        if (quantized == 0)
        {
            throw new InvalidDataException($"Model '{modelName}' has no MatMul with constant 2-D float weights to quantise.");
        }

        // Write then rename, so a crash or a concurrent process never leaves a half-written model under the final name.
        // A read-only folder costs the quantisation at every start, not the start itself.
        created = true;
        try
        {
            Directory.CreateDirectory(folder);
            var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            File.WriteAllBytes(temporary, model);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            created = false;
        }

        return model;
    }
}
