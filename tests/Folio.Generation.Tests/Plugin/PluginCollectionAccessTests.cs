using System.Text.Json;
using Folio.Generation.Plugin;
using Folio.Retrieval.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.SemanticKernel;

namespace Folio.Generation.Tests.Plugin;

/// <summary>
/// The plugin honours the host's <see cref="ICollectionAccess"/> (the API's is the caller's key): another collection's
/// documents do not exist for it, and a call that names no collection works on the only visible one.
/// </summary>
public sealed class PluginCollectionAccessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Functions_see_only_the_visible_collections()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        FolioTestHost.Configure(builder.Configuration, _folder.Combine("data"));
        builder.Services.AddLogging();
        builder.Services.AddSingleton<ICollectionAccess>(new OnlyCollections("contracts"));
        builder.Services.AddFolio(builder.Configuration);
        builder.Services.AddKernel().Plugins.AddFolio();
        using var host = builder.Build();
        await host.StartAsync();
        var leaseId = await FolioTestHost.IngestAsync(host.Services, "contracts", "lease.txt", "The monthly rent is 1,250 EUR, payable on the first day of each month.");
        var salaryId = await FolioTestHost.IngestAsync(host.Services, "hr", "salaries.txt", "The monthly salary of the director is 9,900 EUR.");
        var kernel = host.Services.GetRequiredService<Kernel>();

        async Task<JsonElement> CallAsync(string function, KernelArguments arguments) =>
            JsonDocument.Parse((await kernel.InvokeAsync(FolioPlugin.Name, function, arguments)).GetValue<string>()!).RootElement.Clone();

        var list = await CallAsync("list_documents", new());
        var search = await CallAsync("search", new() { ["query"] = "monthly EUR" });
        var foreignSearch = await CallAsync("search", new() { ["query"] = "monthly salary", ["collection"] = "hr" });
        var foreignAsk = await CallAsync("ask", new() { ["question"] = "What is the director's salary?", ["collection"] = "hr" });
        var foreignExtract = await CallAsync("extract", new() { ["documentId"] = salaryId, ["schema"] = """{"type":"object","properties":{"salary":{"type":"string"}}}""" });

        Assert.Equal([leaseId], list.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.All(search.GetProperty("results").EnumerateArray(), r => Assert.Equal(leaseId, r.GetProperty("evidence").GetProperty("documentId").GetString()));
        Assert.Equal("not_found", foreignSearch.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("not_found", foreignAsk.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("not_found", foreignExtract.GetProperty("error").GetProperty("code").GetString());
        foreach (var result in new[] { list, search, foreignSearch, foreignAsk, foreignExtract })
        {
            Assert.DoesNotContain("9,900", result.GetRawText(), StringComparison.Ordinal);
        }
    }

    public void Dispose() => _folder.Dispose();

    private sealed class OnlyCollections(params string[] names) : ICollectionAccess
    {
        public IReadOnlySet<string>? Collections { get; } = names.ToHashSet(StringComparer.Ordinal);
    }
}
