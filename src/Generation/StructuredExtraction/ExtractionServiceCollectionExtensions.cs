using Folio.Retrieval.Documents;
using Folio.Retrieval.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Folio.Generation.StructuredExtraction;

/// <summary>Registers structured extraction; called by <c>AddFolioGeneration</c>.</summary>
public static class ExtractionServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="ExtractionOptions"/> (section <c>Extraction</c>) at start-up and adds <see cref="SchemaExtraction"/>.</summary>
    public static IServiceCollection AddFolioStructuredExtraction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExtractionOptions>().Bind(configuration.GetSection(ExtractionOptions.Section))
            .Validate(o => !o.Problems().Any(), "Invalid Extraction options: see the Extraction section's limits in README.md.")
            .ValidateOnStart();
        // Candidates are embedded without the cache, as search embeds queries.
        services.AddSingleton(sp => new ExtractiveExtractor(sp.GetRequiredService<OnnxEmbeddingGenerator>()));
        services.AddSingleton(sp => new SchemaExtraction(sp.GetRequiredService<DocumentStore>(), sp.GetRequiredService<DocumentFiles>(),
            sp.GetRequiredService<ExtractiveExtractor>(), sp.GetRequiredService<GenerationBackend>(), sp.GetRequiredService<IOptions<ExtractionOptions>>().Value));
        return services;
    }
}
