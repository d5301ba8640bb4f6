using System.Text.Json;
using Folio.Extraction;

namespace Folio.Generation.Tests.StructuredExtraction;

/// <summary>The committed extraction sets (eval-sets/extraction): schemas and parsed documents.</summary>
internal static class EvalDocuments
{
    public static readonly string[] Sets = ["kleister_nda", "zugferd", "invoice2data"];

    public static string Folder(string set)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Folio.slnx")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("Folio.slnx not found above the test binaries."), "eval-sets", "extraction", set);
    }

    public static JsonElement Schema(string set)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(set), "schema.json")));
        return document.RootElement.Clone();
    }

    /// <summary>Every document of the set, parsed as ingestion parses it.</summary>
    public static async IAsyncEnumerable<(string File, ParsedDocument Document)> ParseAsync(string set)
    {
        var parser = DocumentParser.CreateDefault(new ParsingOptions());
        foreach (var path in Directory.GetFiles(Path.Combine(Folder(set), "docs")).Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(path);
            yield return (Path.GetFileName(path), await parser.ParseAsync(stream, Path.GetFileName(path)));
        }
    }
}
