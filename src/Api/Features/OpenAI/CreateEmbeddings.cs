using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Embeddings;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.OpenAI;

/// <summary>
/// <c>POST /v1/embeddings</c>, as OpenAI's: Folio's embedding model (the one the index uses, same instance) embeds
/// one text or many. <c>usage</c> counts the model's own WordPiece tokens, [CLS] and [SEP] included. Token-id
/// inputs are refused (the ids would be another tokenizer's), and so is <c>dimensions</c> unless it is the model's
/// own: a BERT-style model's vectors cannot be shortened the way OpenAI's v3 models' can.
/// </summary>
public static class CreateEmbeddings
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/embeddings", async Task<Results<Ok<Response>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> (
                Request request, ISender sender, CancellationToken cancellationToken) => TypedResults.Ok(await sender.Send(request, cancellationToken)))
            .RequireScope(KeyScope.Read)
            .WithName("CreateEmbeddings").WithSummary("Embed texts with Folio's embedding model (OpenAI-compatible)").WithTags("OpenAI");

    /// <summary>
    /// <c>input</c> is a string or an array of strings; <c>encoding_format</c> is <c>float</c> (default) or <c>base64</c>
    /// (the vector's little-endian float32 bytes); <c>user</c> is accepted and ignored.
    /// </summary>
    public sealed record Request(
        JsonElement Input,
        string? Model,
        [property: JsonPropertyName("encoding_format")] string? EncodingFormat,
        int? Dimensions,
        string? User) : IQuery<Response>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
            {
                yield return ("model", "model is required; GET /v1/models lists the embedding model.");
            }

            if (EncodingFormat is not (null or "float" or "base64"))
            {
                yield return ("encoding_format", "encoding_format is float or base64.");
            }

            if (Texts() is null)
            {
                yield return ("input", "input is a non-empty string or a non-empty array of non-empty strings; token arrays are not supported: send text.");
            }
        }

        /// <summary>The texts to embed, or null when <see cref="Input"/> is not a string or an array of non-empty strings.</summary>
        internal IReadOnlyList<string>? Texts() => Input.ValueKind switch
        {
            JsonValueKind.String when Input.GetString() is { Length: > 0 } text => [text],
            JsonValueKind.Array when Input.GetArrayLength() > 0 && Input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0)
                => Input.EnumerateArray().Select(e => e.GetString()!).ToList(),
            _ => null,
        };
    }

    /// <summary>OpenAI's list of embeddings: <c>embedding</c> is a float array, or a base64 string of float32 bytes.</summary>
    public sealed record Response(string Object, IReadOnlyList<Item> Data, string Model, Usage Usage);

    public sealed record Item(string Object, int Index, object Embedding);

    public sealed record Usage([property: JsonPropertyName("prompt_tokens")] long PromptTokens, [property: JsonPropertyName("total_tokens")] long TotalTokens);

    // The model itself rather than the caching IEmbeddingGenerator the ingestion uses: as for search queries, every
    // distinct text sent here would otherwise be stored in the embedding cache for good. Same instance, same vectors.
    public sealed class Handler(OnnxEmbeddingGenerator model, IOptions<EmbeddingOptions> embeddings, IOptions<OpenAICompatibleOptions> options)
        : IQueryHandler<Request, Response>
    {
        public async ValueTask<Response> Handle(Request request, CancellationToken cancellationToken)
        {
            if (request.Model != model.ModelId)
            {
                throw new ModelNotFoundException(request.Model!);
            }

            var dimensions = model.Metadata.DefaultModelDimensions!.Value;
            if (request.Dimensions is { } asked && asked != dimensions)
            {
                throw new RequestValidationException("dimensions", $"{model.ModelId} returns {dimensions} dimensions and cannot shorten its vectors; omit dimensions or send {dimensions}.");
            }

            var texts = request.Texts()!;
            var maxInputs = options.Value.MaxEmbeddingInputs;
            if (texts.Count > maxInputs)
            {
                throw new RequestValidationException("input", $"At most {maxInputs} inputs per request.");
            }

            // Counted as the model reads them; an input longer than the model's window is refused rather than silently cut.
            var maxTokens = embeddings.Value.MaxTokens;
            var tokens = texts.Select(t => model.Tokenizer.CountTokens(t) + 2).ToList();
            var overlong = tokens.Select((count, i) => (Count: count, Index: i)).Where(t => t.Count > maxTokens).ToList();
            if (overlong.Count > 0)
            {
                throw new RequestValidationException(overlong.ToDictionary(
                    t => $"input[{t.Index}]", t => new[] { $"{t.Count} tokens; {model.ModelId} reads at most {maxTokens} ([CLS] and [SEP] included)." }));
            }

            var vectors = await model.GenerateAsync(texts, cancellationToken: cancellationToken);
            var base64 = request.EncodingFormat == "base64";
            var data = vectors.Select((v, i) => new Item("embedding", i, base64 ? Base64(v.Vector) : v.Vector.ToArray())).ToList();
            var total = tokens.Sum(t => (long)t);
            return new Response("list", data, model.ModelId, new Usage(total, total));
        }

        // OpenAI's base64 encoding is the raw float32 array; .NET runs little-endian on every platform it supports.
        private static string Base64(ReadOnlyMemory<float> vector) => Convert.ToBase64String(MemoryMarshal.AsBytes(vector.Span));
    }
}
