using Folio.Extraction;
using Microsoft.Extensions.Options;

namespace Folio.Api.Infrastructure;

/// <summary>Binds the <c>Parsing</c> limits (validated at start-up) and registers the one parser pool that <c>/v1/parse</c> and ingestion share.</summary>
internal static class ParsingServiceCollectionExtensions
{
    public static IServiceCollection AddFolioParsing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ParsingOptions>()
            .Bind(configuration.GetSection(ParsingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new ParserPool(sp.GetRequiredService<IOptions<ParsingOptions>>().Value, sp.GetRequiredService<ILogger<ParserPool>>()));
        return services;
    }
}
