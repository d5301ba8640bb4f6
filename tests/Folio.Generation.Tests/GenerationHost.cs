using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Folio.Generation.Tests;

/// <summary>
/// A service provider wired by <see cref="GenerationServiceCollectionExtensions.AddFolioGeneration"/> from in-memory
/// settings of the <c>Generation</c> section. Retrieval is not registered, so the services that need it (answering)
/// are not validated on build; the chat backend's are resolved by the tests themselves.
/// </summary>
internal static class GenerationHost
{
    public static ServiceProvider Build(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{GenerationOptions.Section}:{s.Key}", s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddFolioGeneration(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
