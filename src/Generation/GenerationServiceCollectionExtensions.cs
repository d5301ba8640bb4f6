using Folio.Generation.Answering;
using Folio.Generation.Chat;
using Folio.Generation.Plugin;
using Folio.Generation.StructuredExtraction;
using Folio.Retrieval.Embeddings;
using Folio.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Folio.Generation;

/// <summary>Registers Generation from its own library, so the API, the eval commands, tests and the Semantic Kernel plugin share one wiring.</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="GenerationOptions"/> (section <c>Generation</c>) at start-up, registers the
    /// configured chat backend as the <see cref="Microsoft.Extensions.AI.IChatClient"/> (none for
    /// <see cref="ChatBackend.None"/>) and <see cref="GenerationBackend"/>, loads and logs the backend when the host
    /// starts, and adds question answering (with its answer cache), structured extraction and <see cref="FolioPlugin"/> over the services
    /// <c>AddFolioRetrieval</c> registered.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Generation:Backend</c> is not one of None, Onnx, OpenAI.</exception>
    public static IServiceCollection AddFolioGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddChatBackend(configuration);
        // Questions and candidate sentences are embedded without the cache, as search embeds queries.
        services.AddSingleton(sp => new ExtractiveAnswerer(sp.GetRequiredService<OnnxEmbeddingGenerator>(), sp.GetRequiredService<EvidenceLocator>()));
        services.AddSingleton<GenerativeAnswerer>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GenerationOptions>>().Value;
            return new AnswerCache(options.AnswerCacheEntries, options.AnswerCacheMegabytes * 1024L * 1024L);
        });
        services.AddSingleton<QuestionAnswering>();

        // Structured extraction (issue 11).
        services.AddFolioStructuredExtraction(configuration);

        // The Semantic Kernel plugin over the services above (FolioKernelExtensions adds it to a kernel).
        services.AddSingleton<FolioPlugin>();
        return services;
    }
}
