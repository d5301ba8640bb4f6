using System.Text.Json;

namespace Folio.Retrieval.Tests.Embeddings;

/// <summary>Real text from the QA sets committed in <c>eval-sets/qa</c>.</summary>
internal static class EvalTexts
{
    public static string QaRoot { get; } = FindQaRoot();

    /// <summary>The <paramref name="field"/> of each line of <c>qa/{set}/{file}</c>, at most <paramref name="take"/>.</summary>
    public static IReadOnlyList<string> Read(string set, string file, string field, int take = int.MaxValue) =>
        File.ReadLines(Path.Combine(QaRoot, set, file))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty(field).GetString() ?? string.Empty)
            .Take(take)
            .ToList();

    private static string FindQaRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Folio.slnx")))
        {
            folder = folder.Parent;
        }

        var root = folder?.FullName ?? throw new InvalidOperationException("Folio.slnx not found above " + AppContext.BaseDirectory);
        return Path.Combine(root, "eval-sets", "qa");
    }
}
