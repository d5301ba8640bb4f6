using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Folio.Retrieval.Embeddings;

/// <summary>
/// Dynamic int8 quantisation of an ONNX model's MatMul weights, as ONNX Runtime's <c>quantize_dynamic</c> does
/// for transformer encoders (https://onnxruntime.ai/docs/performance/model-optimizations/quantization.html):
/// every <c>MatMul(X, W)</c> whose W is a 2-D float initializer becomes
/// <c>com.microsoft.DynamicQuantizeMatMul(X, W_int8, scale, zero_point)</c>. Weights are quantised symmetrically
/// per output column (scale = max|W[:, n]| / 63, zero point 0); X is quantised per call by the operator.
/// Deviations from quantize_dynamic's defaults: per-column scales (it defaults to one per tensor), which keeps
/// more accuracy at no cost in speed, and 7-bit weights always (see <see cref="MaxLevel"/>).
/// </summary>
internal static class DynamicInt8Quantizer
{
    /// <summary>Bump when the output of <see cref="Quantize"/> changes, so cached models are rebuilt.</summary>
    public const int Version = 2;

    /// <summary>
    /// Largest weight magnitude: 7 bits, not 8 (quantize_dynamic's <c>reduce_range</c>). On x86 without VNNI the
    /// u8×s8 kernel adds pairs of products in saturating 16-bit lanes (vpmaddubsw); 255 × 127 × 2 overflows them,
    /// 255 × 63 × 2 does not. With 127 a one-MatMul test model lost up to 60 % of some outputs on an AVX2 machine.
    /// </summary>
    internal const float MaxLevel = 63f;

    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>Returns the quantised model's bytes, and how many MatMuls were quantised.</summary>
    public static (byte[] Model, int Quantized) Quantize(byte[] fp32Model)
    {
        var model = ModelProto.Parser.ParseFrom(fp32Model);
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var uses = graph.Node.SelectMany(n => n.Input).GroupBy(i => i, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var quantized = 0;
        foreach (var node in graph.Node)
        {
            if (node.OpType != "MatMul" || !string.IsNullOrEmpty(node.Domain) || node.Input.Count != 2
                || !initializers.TryGetValue(node.Input[1], out var weight)
                || weight.DataType != (int)TensorProto.Types.DataType.Float || weight.Dims.Count != 2)
            {
                continue;
            }

            var rows = (int)weight.Dims[0];
            var columns = (int)weight.Dims[1];
            var values = ReadFloats(weight, rows * columns);
            var (int8, scales) = QuantizeColumns(values, rows, columns);

            var baseName = node.Input[1];
            graph.Initializer.Add(Tensor(baseName + "_int8", TensorProto.Types.DataType.Int8, [rows, columns], MemoryMarshal.AsBytes(int8.AsSpan())));
            graph.Initializer.Add(Tensor(baseName + "_scale", TensorProto.Types.DataType.Float, [columns], MemoryMarshal.AsBytes(scales.AsSpan())));
            graph.Initializer.Add(Tensor(baseName + "_zero_point", TensorProto.Types.DataType.Int8, [columns], new byte[columns]));

            node.OpType = "DynamicQuantizeMatMul";
            node.Domain = MicrosoftDomain;
            node.Input[1] = baseName + "_int8";
            node.Input.Add(baseName + "_scale");
            node.Input.Add(baseName + "_zero_point");
            quantized++;

            if (--uses[baseName] == 0)
            {
                graph.Initializer.Remove(weight);
            }
        }

        if (quantized > 0 && !model.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return (model.ToByteArray(), quantized);
    }

    /// <summary>Symmetric per-column quantisation of a row-major [rows, columns] matrix.</summary>
    internal static (sbyte[] Values, float[] Scales) QuantizeColumns(ReadOnlySpan<float> weights, int rows, int columns)
    {
        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                scales[c] = Math.Max(scales[c], Math.Abs(row[c]));
            }
        }

        for (var c = 0; c < columns; c++)
        {
            // An all-zero column keeps scale 1 so that dequantisation never divides by zero.
            scales[c] = scales[c] > 0 ? scales[c] / MaxLevel : 1f;
        }

        var values = new sbyte[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = MathF.Round(weights[(r * columns) + c] / scales[c], MidpointRounding.ToEven);
                values[(r * columns) + c] = (sbyte)Math.Clamp(q, -MaxLevel, MaxLevel);
            }
        }

        return (values, scales);
    }

    private static float[] ReadFloats(TensorProto tensor, int count)
    {
        if (tensor.FloatData.Count == count)
        {
            return [.. tensor.FloatData];
        }

        if (tensor.RawData.Length != count * sizeof(float))
        {
            throw new InvalidDataException($"Initializer '{tensor.Name}' holds {tensor.RawData.Length} bytes, not {count} floats (external data is not supported).");
        }

        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, long[] dims, ReadOnlySpan<byte> raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
