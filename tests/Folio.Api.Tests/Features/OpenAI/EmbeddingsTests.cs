using System.ClientModel;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.OpenAI;

/// <summary><c>POST /v1/embeddings</c> and <c>GET /v1/models</c> through the official OpenAI client and as raw JSON.</summary>
public sealed class EmbeddingsTests(OpenAIFixture fixture) : IClassFixture<OpenAIFixture>
{
    private static readonly string[] Texts = ["How often is the pump inspected?", "Grease the bearings every 2,000 hours.", "Ünïcode and 数字 42"];

    [Fact]
    public async Task The_official_client_gets_the_index_embedders_vectors_and_its_token_count()
    {
        using var http = fixture.Factory.CreateClient();
        var model = await EmbeddingModelAsync(http);

        // The client asks for base64 (OpenAI's default on the wire) and decodes the float32 bytes itself.
        var result = await OpenAIFixture.ClientOf(http).GetEmbeddingClient(model).GenerateEmbeddingsAsync(Texts);

        var expected = await ExpectedAsync();
        Assert.Equal(Texts.Length, result.Value.Count);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(i, result.Value[i].Index);
            Assert.Equal(expected[i], result.Value[i].ToFloats().ToArray());
        }

        var tokenizer = fixture.Factory.Services.GetRequiredService<Folio.Retrieval.Embeddings.OnnxEmbeddingGenerator>().Tokenizer;
        var tokens = Texts.Sum(t => tokenizer.Encode(t).Length);
        Assert.Equal(tokens, result.Value.Usage.InputTokenCount);
        Assert.Equal(tokens, result.Value.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Float_and_base64_encodings_carry_the_same_vector()
    {
        using var http = fixture.Factory.CreateClient();
        var model = await EmbeddingModelAsync(http);

        var (floatStatus, asFloats) = await PostJsonAsync(http, "/v1/embeddings", new { input = Texts[1], model });
        var (base64Status, asBase64) = await PostJsonAsync(http, "/v1/embeddings", new { input = new[] { Texts[1] }, model, encoding_format = "base64", dimensions = 384 });

        Assert.Equal(HttpStatusCode.OK, floatStatus);
        Assert.Equal(HttpStatusCode.OK, base64Status);
        Assert.Equal("list", asFloats.GetProperty("object").GetString());
        Assert.Equal(model, asFloats.GetProperty("model").GetString());
        var item = Assert.Single(asFloats.GetProperty("data").EnumerateArray());
        Assert.Equal("embedding", item.GetProperty("object").GetString());
        var floats = item.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String(asBase64.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal((await ExpectedAsync())[1], floats);
        Assert.Equal(floats, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    [Fact]
    public async Task Models_list_folio_each_collection_with_documents_and_the_embedding_model()
    {
        using var http = fixture.Factory.CreateClient();
        var openai = OpenAIFixture.ClientOf(http).GetOpenAIModelClient();
        var (_, uploaded) = await SendAsync(http, HttpMethod.Post, "/v1/documents?wait=true", Upload([("Archived note."u8.ToArray(), "note.txt")], "archive"));

        var models = (await openai.GetModelsAsync()).Value;
        await SendAsync(http, HttpMethod.Delete, $"/v1/documents/{uploaded.GetProperty("documents")[0].GetProperty("id").GetString()}");
        var afterDelete = (await openai.GetModelsAsync()).Value;

        var embedder = fixture.Factory.Services.GetRequiredService<Folio.Retrieval.Embeddings.OnnxEmbeddingGenerator>().ModelId;
        Assert.Equal(["folio", "folio:archive", $"folio:{OpenAIFixture.Collection}", embedder], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("folio", m.OwnedBy));
        Assert.Equal(["folio", $"folio:{OpenAIFixture.Collection}", embedder], afterDelete.Select(m => m.Id));
    }

    [Fact]
    public async Task The_official_client_surfaces_refusals_as_exceptions_with_their_status()
    {
        using var http = fixture.Factory.CreateClient();
        var openai = OpenAIFixture.ClientOf(http);
        var model = await EmbeddingModelAsync(http);

        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => openai.GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingsAsync(Texts));
        var shortened = await Assert.ThrowsAsync<ClientResultException>(() =>
            openai.GetEmbeddingClient(model).GenerateEmbeddingsAsync(Texts, new global::OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = 128 }));

        Assert.Equal(404, unknown.Status);
        Assert.Equal(400, shortened.Status);
    }

    [Theory]
    [InlineData("""{"model":"MODEL","input":""}""", HttpStatusCode.BadRequest, "validation_failed", "input")]
    [InlineData("""{"model":"MODEL","input":[]}""", HttpStatusCode.BadRequest, "validation_failed", "input")]
    [InlineData("""{"model":"MODEL","input":["fine",""]}""", HttpStatusCode.BadRequest, "validation_failed", "input")]
    [InlineData("""{"model":"MODEL"}""", HttpStatusCode.BadRequest, "validation_failed", "input")]
    [InlineData("""{"model":"MODEL","input":[1,2,3]}""", HttpStatusCode.BadRequest, "validation_failed", "input")]
    [InlineData("""{"model":"MODEL","input":[[1,2],[3]]}""", HttpStatusCode.BadRequest, "validation_failed", "input")]
    [InlineData("""{"model":"MODEL","input":"x","encoding_format":"int8"}""", HttpStatusCode.BadRequest, "validation_failed", "encoding_format")]
    [InlineData("""{"model":"MODEL","input":"x","dimensions":256}""", HttpStatusCode.BadRequest, "validation_failed", "dimensions")]
    [InlineData("""{"input":"x"}""", HttpStatusCode.BadRequest, "validation_failed", "model")]
    [InlineData("""{"model":"text-embedding-3-small","input":"x"}""", HttpStatusCode.NotFound, "model_not_found", null)]
    [InlineData("""{"model":"folio","input":"x"}""", HttpStatusCode.NotFound, "model_not_found", null)]
    public async Task Bad_embedding_requests_are_problem_details(string json, HttpStatusCode expected, string code, string? field)
    {
        using var http = fixture.Factory.CreateClient();
        var body = json.Replace("MODEL", await EmbeddingModelAsync(http), StringComparison.Ordinal);

        var (status, problem) = await SendAsync(http, HttpMethod.Post, "/v1/embeddings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, status);
        Assert.Equal(code, problem.GetProperty("errorCode").GetString());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    [Fact]
    public async Task Inputs_longer_than_the_model_reads_and_too_many_inputs_are_refused()
    {
        using var http = fixture.Factory.CreateClient();
        var model = await EmbeddingModelAsync(http);

        var (longStatus, tooLong) = await PostJsonAsync(http, "/v1/embeddings", new { model, input = new[] { "short", string.Join(' ', Enumerable.Repeat("pump", 300)) } });
        var (manyStatus, tooMany) = await PostJsonAsync(http, "/v1/embeddings", new { model, input = Enumerable.Repeat("pump", 257).ToArray() });

        Assert.Equal(HttpStatusCode.BadRequest, longStatus);
        Assert.Equal("validation_failed", tooLong.GetProperty("errorCode").GetString());
        Assert.Contains("302 tokens", tooLong.GetProperty("errors").GetProperty("input[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, manyStatus);
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("input", out _));
    }

    private static async Task<string> EmbeddingModelAsync(HttpClient http)
    {
        var (_, models) = await SendAsync(http, HttpMethod.Get, "/v1/models");
        return models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Single(id => !id.StartsWith("folio", StringComparison.Ordinal));
    }

    private async Task<float[][]> ExpectedAsync()
    {
        var embedder = fixture.Factory.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        return [.. (await embedder.GenerateAsync(Texts)).Select(e => e.Vector.ToArray())];
    }
}
