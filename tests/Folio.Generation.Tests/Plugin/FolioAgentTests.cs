using System.Text.Json;
using Folio.Generation.Plugin;
using Folio.Retrieval.Documents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;

namespace Folio.Generation.Tests.Plugin;

/// <summary>
/// Issue 12, acceptance 1 (in-process): a scripted model drives a real <see cref="Kernel"/> through automatic
/// function invocation over an ingested collection, and every evidence record in the function results points
/// at its quote exactly (document text at [start, end) == quote).
/// </summary>
public sealed class FolioAgentTests : IDisposable
{
    private const string Lease = """
        Lease Agreement

        This lease is made between Harbour Properties Ltd (the landlord) and Nadia Okafor (the tenant).
        The lease takes effect on 2024-03-01 and runs for twelve months.
        The monthly rent is 1,250 EUR, payable on the first day of each month.
        Either party may end the lease with a notice period of two months, given in writing.
        """;

    private const string Handbook = """
        Staff Handbook

        Office hours are 9:00 to 17:30 on weekdays. The office is closed on public holidays.
        Expense claims are submitted within thirty days with the original receipts attached.
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_scripted_model_calls_every_folio_function_and_gets_evidence_with_exact_offsets()
    {
        var model = new ScriptedChatClient(
            // A bad argument first: the error comes back as a result and the loop goes on.
            (_, options) => ScriptedChatClient.Call(options, "search", new() { ["query"] = "notice period", ["collection"] = "contracts", ["topK"] = 0 }),
            (_, options) => ScriptedChatClient.Call(options, "list_documents", new() { ["collection"] = "contracts" }),
            (_, options) => ScriptedChatClient.Call(options, "search", new() { ["query"] = "notice period to end the lease", ["collection"] = "contracts", ["topK"] = 3 }),
            (_, options) => ScriptedChatClient.Call(options, "ask", new() { ["question"] = "What is the monthly rent?", ["collection"] = "contracts" }),
            (history, options) => ScriptedChatClient.Call(options, "extract", new()
            {
                // The id the model read in list_documents' result.
                ["documentId"] = LastResult(history, "list_documents").GetProperty("documents").EnumerateArray()
                    .Single(d => d.GetProperty("fileName").GetString() == "lease.txt").GetProperty("id").GetString(),
                ["schema"] = """{"type":"object","properties":{"start_date":{"type":["string","null"],"format":"date","description":"Date the lease takes effect, YYYY-MM-DD."},"rent":{"type":["number","null"],"description":"Monthly rent amount."}}}""",
            }),
            (_, _) => new ChatMessage(ChatRole.Assistant, "The notice period is two months."));

        using var host = Build(model);
        await host.StartAsync();
        var leaseId = await FolioTestHost.IngestAsync(host.Services, "contracts", "lease.txt", Lease);
        await FolioTestHost.IngestAsync(host.Services, "contracts", "handbook.txt", Handbook);
        var kernel = host.Services.GetRequiredService<Kernel>();

        var answer = await kernel.InvokePromptAsync("How much notice must be given to end the lease?",
            new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }));

        Assert.Equal("The notice period is two months.", answer.ToString());
        Assert.Equal(["folio_ask", "folio_extract", "folio_list_documents", "folio_search"], model.OfferedTools.Order());
        var results = model.Results.Select(r => Json(r.Result)).ToList();
        Assert.Equal(5, results.Count);
        Assert.Equal("validation_failed", results[0].GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(results[1].GetProperty("documents").EnumerateArray(), d => d.GetProperty("id").GetString() == leaseId);

        var files = host.Services.GetRequiredService<DocumentFiles>();
        var search = Evidence(results[2]);
        Assert.NotEmpty(search);
        Assert.Equal(leaseId, search[0].GetProperty("documentId").GetString());
        Assert.Contains("notice period", search[0].GetProperty("quote").GetString(), StringComparison.Ordinal);
        var ask = Evidence(results[3]);
        Assert.NotEmpty(ask);
        Assert.Contains(ask, e => e.GetProperty("quote").GetString()!.Contains("1,250 EUR", StringComparison.Ordinal));
        var extract = Evidence(results[4]);
        Assert.True(extract.Exists(e => e.GetProperty("quote").GetString() == "1,250"), results[4].GetRawText());
        Assert.Equal(1250m, results[4].GetProperty("data").GetProperty("rent").GetDecimal());
        foreach (var evidence in search.Concat(ask).Concat(extract))
        {
            var text = (await files.LoadParsedAsync(evidence.GetProperty("documentId").GetString()!))!.Text;
            var (start, end) = (evidence.GetProperty("start").GetInt32(), evidence.GetProperty("end").GetInt32());
            Assert.Equal(evidence.GetProperty("quote").GetString(), text[start..end]);
        }
    }

    [Fact]
    public async Task Bad_arguments_come_back_as_error_results_naming_the_problem()
    {
        using var host = Build(new ScriptedChatClient());
        await host.StartAsync();
        var leaseId = await FolioTestHost.IngestAsync(host.Services, "contracts", "lease.txt", Lease);
        var kernel = host.Services.GetRequiredService<Kernel>();

        async Task<(string Code, string Message)> ErrorOf(string function, KernelArguments arguments)
        {
            var error = Json((await kernel.InvokeAsync(FolioPlugin.Name, function, arguments)).GetValue<string>()).GetProperty("error");
            return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
        }

        Assert.Equal("validation_failed", (await ErrorOf("search", new() { ["query"] = " " })).Code);
        Assert.Contains("topK", (await ErrorOf("search", new() { ["query"] = "rent", ["topK"] = 500 })).Message, StringComparison.Ordinal);
        Assert.Contains("collection", (await ErrorOf("search", new() { ["query"] = "rent", ["collection"] = "Not A Name" })).Message, StringComparison.Ordinal);
        Assert.Equal("not_found", (await ErrorOf("ask", new() { ["question"] = "What is the rent?", ["collection"] = "empty" })).Code);
        Assert.Equal("validation_failed", (await ErrorOf("extract", new() { ["documentId"] = "lease.txt", ["schema"] = "{}" })).Code);
        Assert.Equal("invalid_schema", (await ErrorOf("extract", new() { ["documentId"] = leaseId, ["schema"] = "{not json" })).Code);
        Assert.Equal("invalid_schema", (await ErrorOf("extract", new() { ["documentId"] = leaseId, ["schema"] = """{"type":"string"}""" })).Code);
        Assert.Equal("not_found", (await ErrorOf("extract", new() { ["documentId"] = "d_00000000000000000000", ["schema"] = """{"type":"object","properties":{"a":{"type":"string"}}}""" })).Code);
        Assert.Equal("validation_failed", (await ErrorOf("list_documents", new() { ["cursor"] = "not-a-cursor" })).Code);
        Assert.Equal("validation_failed", (await ErrorOf("list_documents", new() { ["limit"] = 0 })).Code);
    }

    [Fact]
    public async Task An_existing_kernel_takes_the_plugin_with_every_function_and_parameter_described()
    {
        using var host = Build(new ScriptedChatClient());
        await host.StartAsync();
        var kernel = new Kernel();

        var plugin = kernel.Plugins.AddFolio(host.Services);

        Assert.Equal(["ask", "extract", "list_documents", "search"], plugin.Select(f => f.Name).Order());
        Assert.All(plugin, f => Assert.False(string.IsNullOrWhiteSpace(f.Description), f.Name));
        Assert.All(plugin.SelectMany(f => f.Metadata.Parameters.Select(p => (f.Name, p))), x => Assert.False(string.IsNullOrWhiteSpace(x.p.Description), $"{x.Name}({x.p.Name})"));
        Assert.Equal(["documentId", "schema"], plugin["extract"].Metadata.Parameters.Select(p => p.Name));
        Assert.True(plugin["extract"].Metadata.Parameters.All(p => p.IsRequired));
        Assert.False(plugin["search"].Metadata.Parameters.Single(p => p.Name == "collection").IsRequired);
    }

    private IHost Build(IChatClient model)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        FolioTestHost.Configure(builder.Configuration, _folder.Combine("data"));
        builder.Services.AddLogging();
        builder.Services.AddFolio(builder.Configuration);
        builder.Services.AddChatClient(model).UseFunctionInvocation();
        builder.Services.AddKernel().Plugins.AddFolio();
        return builder.Build();
    }

    private static JsonElement LastResult(IReadOnlyList<ChatMessage> history, string function)
    {
        var call = history.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Last(c => c.Name.EndsWith(function, StringComparison.Ordinal));
        return Json(history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single(r => r.CallId == call.CallId).Result);
    }

    private static JsonElement Json(object? result) => result switch
    {
        string text => JsonDocument.Parse(text).RootElement.Clone(),
        JsonElement { ValueKind: JsonValueKind.String } element => JsonDocument.Parse(element.GetString()!).RootElement.Clone(),
        JsonElement element => element,
        _ => JsonDocument.Parse(result?.ToString() ?? "null").RootElement.Clone(),
    };

    /// <summary>Every evidence record (an object with documentId, start, end and quote) anywhere in a result.</summary>
    private static List<JsonElement> Evidence(JsonElement element)
    {
        var found = new List<JsonElement>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("documentId", out _) && e.TryGetProperty("start", out _) && e.TryGetProperty("end", out _) && e.TryGetProperty("quote", out _))
                {
                    found.Add(e);
                }

                foreach (var property in e.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(element);
        return found;
    }
}
