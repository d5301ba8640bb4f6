using Folio.Extraction;
using Folio.Retrieval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Generation;

/// <summary>All of Folio in one call, the wiring the API uses, for any host (a console tool, a worker, a Semantic Kernel app).</summary>
public static class FolioServiceCollectionExtensions
{
    /// <summary>
    /// Registers Extraction (<c>AddFolioExtraction</c>), Retrieval (<c>AddFolioRetrieval</c>) and Generation
    /// (<see cref="GenerationServiceCollectionExtensions.AddFolioGeneration"/>, which adds
    /// <see cref="Plugin.FolioPlugin"/>), each bound to its configuration sections and validated at start-up.
    /// Documents are ingested by a hosted service: run the host (or start its hosted services) to process uploads.
    /// </summary>
    public static IServiceCollection AddFolio(this IServiceCollection services, IConfiguration configuration) =>
        services.AddFolioExtraction(configuration).AddFolioRetrieval(configuration).AddFolioGeneration(configuration);
}
