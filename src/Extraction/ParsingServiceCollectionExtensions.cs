using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Folio.Extraction;

/// <summary>Binds the <c>Parsing</c> limits (validated at start-up) and registers the one parser pool that <c>/v1/parse</c> and ingestion share.</summary>
public static class ParsingServiceCollectionExtensions
{
    /// <summary>Registers Extraction: the validated <c>Parsing</c> options and the <see cref="ParserPool"/>.</summary>
    public static IServiceCollection AddFolioExtraction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ParsingOptions>()
            .Bind(configuration.GetSection(ParsingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new ParserPool(sp.GetRequiredService<IOptions<ParsingOptions>>().Value, sp.GetRequiredService<ILogger<ParserPool>>()));
        return services;
    }
}
