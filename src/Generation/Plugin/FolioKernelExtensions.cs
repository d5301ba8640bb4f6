using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Folio.Generation.Plugin;

/// <summary>Adds <see cref="FolioPlugin"/> (registered by <c>AddFolio</c>) to a kernel as the plugin <c>folio</c>.</summary>
public static class FolioKernelExtensions
{
    /// <summary>Adds the plugin to a kernel being built on a service collection that <c>AddFolio</c> filled.</summary>
    public static IKernelBuilderPlugins AddFolio(this IKernelBuilderPlugins plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        plugins.Services.AddSingleton(sp => KernelPluginFactory.CreateFromObject(sp.GetRequiredService<FolioPlugin>(), FolioPlugin.Name, sp.GetService<ILoggerFactory>()));
        return plugins;
    }

    /// <summary>Adds the plugin, taken from <paramref name="services"/> (a provider <c>AddFolio</c> filled), to an existing kernel's plugins.</summary>
    public static KernelPlugin AddFolio(this KernelPluginCollection plugins, IServiceProvider services) =>
        plugins.AddFromObject(services.GetRequiredService<FolioPlugin>(), FolioPlugin.Name, services);
}
