using System.Text.Json;
using Folio.Generation.Plugin;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.SemanticKernel;

namespace Folio.Generation.Tests.Plugin;

/// <summary>The README's in-process Semantic Kernel agent ("Agents"), line for line, with a scripted model.</summary>
public sealed class ReadmeAgentExampleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_readme_agent_answers_from_folio_with_a_cited_quote()
    {
        string[] args = [$"--Storage:DataFolder={_folder.Combine("data")}", "--Parsing:Isolation=InProcess"];
        // The model asks Folio, then answers with the quote of the first citation it was given.
        IChatClient chatClient = new ScriptedChatClient(
            (_, options) => ScriptedChatClient.Call(options, "ask", new() { ["question"] = "How much notice ends the lease?", ["collection"] = "contracts" }),
            (history, _) => new ChatMessage(ChatRole.Assistant, "Folio says: " + FirstCitation(history).GetProperty("quote").GetString()));

        // README, "Agents" (the ingestion line is the test's: the README's app reads a folder Folio already holds documents in).
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddFolio(builder.Configuration);                    // Extraction, Retrieval, Generation: the API's wiring
        builder.Services.AddChatClient(chatClient).UseFunctionInvocation();  // your model: any IChatClient
        builder.Services.AddKernel().Plugins.AddFolio();                     // folio_search, folio_ask, folio_extract, folio_list_documents
        using var host = builder.Build();
        await host.StartAsync();                                             // runs the ingestion worker
        await FolioTestHost.IngestAsync(host.Services, "contracts", "lease.txt", "Lease\n\nEither party may end the lease with two months' notice in writing.\nThe rent is 900 EUR a month.\n");
        var kernel = host.Services.GetRequiredService<Kernel>();
        var settings = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
        var answer = await kernel.InvokePromptAsync("How much notice ends the lease? Cite the document.", new(settings));
        Console.WriteLine(answer);

        Assert.Equal("Folio says: Either party may end the lease with two months' notice in writing.", answer.ToString());
        await host.StopAsync();
    }

    private static JsonElement FirstCitation(IReadOnlyList<ChatMessage> history)
    {
        var result = history.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>().Single().Result;
        var text = result is JsonElement { ValueKind: JsonValueKind.String } element ? element.GetString()! : result!.ToString()!;
        return JsonDocument.Parse(text).RootElement.GetProperty("citations")[0].Clone();
    }
}
