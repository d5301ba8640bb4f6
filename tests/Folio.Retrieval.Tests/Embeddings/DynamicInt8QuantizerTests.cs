using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Folio.Retrieval.Embeddings;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Folio.Retrieval.Tests.Embeddings;

public sealed class DynamicInt8QuantizerTests
{
    private const int K = 16;
    private const int N = 8;

    [Fact]
    public void Columns_dequantise_within_half_a_step()
    {
        var weights = RandomWeights(seed: 3);
        weights[5] = 0; // keep one column's values mixed with a zero

        var (values, scales) = DynamicInt8Quantizer.QuantizeColumns(weights, K, N);

        for (var i = 0; i < weights.Length; i++)
        {
            Assert.InRange(Math.Abs((values[i] * scales[i % N]) - weights[i]), 0, (scales[i % N] / 2) + 1e-7);
        }
    }

    [Fact]
    public void Quantised_model_uses_DynamicQuantizeMatMul_and_computes_nearly_the_same()
    {
        var weights = RandomWeights(seed: 11);
        var fp32 = MatMulModel(weights);

        var (int8, quantized) = DynamicInt8Quantizer.Quantize(fp32);

        var graph = ModelProto.Parser.ParseFrom(int8).Graph;
        Assert.Equal(1, quantized);
        Assert.Equal("DynamicQuantizeMatMul", Assert.Single(graph.Node).OpType);
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "W");

        var input = Enumerable.Range(0, 2 * K).Select(i => MathF.Sin(i)).ToArray();
        var expected = Run(fp32, input);
        var actual = Run(int8, input);
        var cosine = TensorPrimitives.CosineSimilarity(expected, actual);
        Assert.True(cosine > 0.999f, $"cosine {cosine}; expected {string.Join(',', expected)}; actual {string.Join(',', actual)}");
    }

    private static float[] RandomWeights(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, K * N).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }

    /// <summary>Y = X · W with X float [batch, K] and W a constant [K, N].</summary>
    private static byte[] MatMulModel(float[] weights)
    {
        var w = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(weights.AsSpan())) };
        w.Dims.AddRange([K, N]);
        var graph = new GraphProto { Name = "g" };
        graph.Initializer.Add(w);
        graph.Input.Add(Value("X", "batch", K));
        graph.Output.Add(Value("Y", "batch", N));
        var node = new NodeProto { OpType = "MatMul", Name = "mm" };
        node.Input.AddRange(["X", "W"]);
        node.Output.Add("Y");
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, string batch, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static float[] Run(byte[] model, float[] input)
    {
        using var session = new InferenceSession(model);
        using var x = OrtValue.CreateTensorValueFromMemory(input, [2, K]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["X"], [x], ["Y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
