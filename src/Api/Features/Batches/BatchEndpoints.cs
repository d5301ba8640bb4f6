using Folio.Api.Features.Extractions;
using Folio.Api.Features.OpenAI;
using Folio.Api.Features.Questions;
using Folio.Api.Features.Search;
using Folio.Api.Infrastructure;
using Folio.Generation.StructuredExtraction;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.Batches;

/// <summary>
/// The routes a batch may run, by url: the one table to extend when a route joins (one entry each: its request
/// type, what a batch refuses beyond the route's own checks, how its response is read, which documents it reads).
/// </summary>
internal static class BatchEndpoints
{
    public static readonly IReadOnlyDictionary<string, BatchEndpoint> Supported = new Dictionary<string, BatchEndpoint>(StringComparer.Ordinal)
    {
        ["/v1/extractions"] = BatchEndpoint.For<CreateExtraction.Request>(
            (request, services) =>
            {
                NoStreaming(request.Stream);
                // The route checks the schema before the document; so does the batch, before anything runs.
                _ = ExtractionSchema.Parse(request.Schema!.Value, services.GetRequiredService<IOptions<ExtractionOptions>>().Value);
            },
            async (sender, request, cancellationToken) => await CreateExtraction.ResponseAsync(await sender.Send(request, cancellationToken), cancellationToken),
            request => new DocumentsNeeded(null, [request.DocumentId!])),
        ["/v1/ask"] = BatchEndpoint.For<AskQuestion.Request>(
            (request, _) => NoStreaming(request.Stream),
            async (sender, request, cancellationToken) => await AskQuestion.ResponseAsync(await sender.Send(request, cancellationToken), cancellationToken),
            request => new DocumentsNeeded(request.Collection ?? InputRules.DefaultCollection, request.DocumentIds)),
        ["/v1/search"] = BatchEndpoint.For<SearchChunks.Request>(
            null,
            async (sender, request, cancellationToken) => await sender.Send(request, cancellationToken),
            request => new DocumentsNeeded(request.Collection ?? InputRules.DefaultCollection, request.DocumentIds)),
        ["/v1/embeddings"] = BatchEndpoint.For<CreateEmbeddings.Request>(
            null,
            async (sender, request, cancellationToken) => await sender.Send(request, cancellationToken),
            _ => new DocumentsNeeded(null, null)),
        ["/v1/chat/completions"] = BatchEndpoint.For<CreateChatCompletion.Request>(
            (request, _) => NoStreaming(request.Stream),
            async (sender, request, cancellationToken) => await CreateChatCompletion.CompletionAsync(await sender.Send(request, cancellationToken), request.Model!, cancellationToken),
            request => new DocumentsNeeded(CreateChatCompletion.CollectionOf(request.Model) ?? InputRules.DefaultCollection, null)),
    };

    private static void NoStreaming(bool? stream)
    {
        if (stream == true)
        {
            throw new RequestValidationException("stream", "A batch line cannot stream: leave stream out or false.");
        }
    }
}
