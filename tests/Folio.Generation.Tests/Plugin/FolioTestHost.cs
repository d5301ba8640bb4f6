using System.Security.Cryptography;
using Folio.Extraction;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Folio.Generation.Tests.Plugin;

/// <summary>Folio hosted in-process as an agent app hosts it (<c>AddFolio</c>), on a fresh data folder, with documents ingested through the library.</summary>
internal static class FolioTestHost
{
    /// <summary>The settings a test host runs with: its own data folder, parsing in this process (no worker executable next to the tests).</summary>
    public static void Configure(IConfigurationBuilder configuration, string dataFolder) =>
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataFolder"] = dataFolder,
            ["Parsing:Isolation"] = "InProcess",
        });

    /// <summary>Stores <paramref name="text"/> as a text file in <paramref name="collection"/> and waits (bounded) until it is ready.</summary>
    public static async Task<string> IngestAsync(IServiceProvider services, string collection, string fileName, string text)
    {
        var path = Path.Combine(services.GetRequiredService<DataFolder>().Uploads, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(path, text);
        string mediaType, sha256;
        await using (var content = File.OpenRead(path))
        {
            mediaType = FormatSniffer.Sniff(content, fileName).MediaType;
            content.Position = 0;
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content));
        }

        var (document, _) = await services.GetRequiredService<DocumentService>().AddAsync(collection, fileName, mediaType, sha256, new Dictionary<string, string>(), path);
        services.GetRequiredService<IngestionSignal>().Notify();
        var store = services.GetRequiredService<DocumentStore>();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while (await store.GetAsync(document.Id) is { Status: not (DocumentStatus.Ready or DocumentStatus.Failed) } && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(DocumentStatus.Ready, (await store.GetAsync(document.Id))?.Status);
        return document.Id;
    }
}
