using Folio.Generation.Answering;
using Folio.Generation.StructuredExtraction;
using Folio.Retrieval.Embeddings;
using Folio.Retrieval.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Generation;

/// <summary>Registers answering (and, with a chat backend configured, generation) from Generation's own library, so the API, eval commands and tests share one wiring.</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>Adds question answering over the services <c>AddFolioRetrieval</c> registered.</summary>
    public static IServiceCollection AddFolioGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Questions and candidate sentences are embedded without the cache, as search embeds queries.
        services.AddSingleton(sp => new ExtractiveAnswerer(sp.GetRequiredService<OnnxEmbeddingGenerator>(), sp.GetRequiredService<EvidenceLocator>()));
        services.AddSingleton<QuestionAnswering>();

        // Structured extraction (issue 11).
        services.AddFolioStructuredExtraction(configuration);
        return services;
    }
}
