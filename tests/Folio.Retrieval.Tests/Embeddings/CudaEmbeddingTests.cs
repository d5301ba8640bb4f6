using System.Numerics.Tensors;
using Folio.Retrieval.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Folio.Retrieval.Tests.Embeddings;

/// <summary>
/// The CUDA path, run where it can be: a build with <c>-p:FolioAccelerator=cuda</c> on a machine with a
/// GPU, with <c>FOLIO_TEST_CUDA=1</c> set. Elsewhere the test is skipped with that reason.
/// </summary>
public sealed class CudaEmbeddingTests
{
    [CudaFact]
    public async Task Cuda_embeddings_match_the_cpu_ones()
    {
        string[] texts = ["The pump must be inspected every 500 hours.", "Quarterly revenue rose by eight percent."];
        using var cuda = new OnnxEmbeddingGenerator(Options.Create(new EmbeddingOptions { Device = EmbeddingDevice.Cuda, Precision = EmbeddingPrecision.Fp32 }), NullLogger<OnnxEmbeddingGenerator>.Instance);
        using var cpu = new OnnxEmbeddingGenerator(Options.Create(new EmbeddingOptions { Device = EmbeddingDevice.Cpu, Precision = EmbeddingPrecision.Fp32 }), NullLogger<OnnxEmbeddingGenerator>.Instance);

        var onGpu = await cuda.GenerateAsync(texts);
        var onCpu = await cpu.GenerateAsync(texts);

        Assert.Equal(EmbeddingDevice.Cuda, cuda.ActiveDevice);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(onGpu[i].Vector.Span, onCpu[i].Vector.Span) > 0.999f);
        }
    }

    private sealed class CudaFactAttribute : FactAttribute
    {
        public CudaFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("FOLIO_TEST_CUDA") != "1")
            {
                Skip = "Needs the CUDA build (-p:FolioAccelerator=cuda), a GPU, and FOLIO_TEST_CUDA=1.";
            }
        }
    }
}
