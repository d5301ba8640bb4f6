namespace Folio.Extraction.Tests;

/// <summary>The project's own evaluation data, <c>eval-sets/</c> in the repository (see its README for sources and licences).</summary>
internal static class EvalSets
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Root { get; } = Path.Combine(RepositoryRoot, "eval-sets");

    public static string CorpusRoot => Path.Combine(Root, "corpus");

    /// <summary>The corpus files committed in eval-sets/corpus (paths from ci-subset.txt), absolute.</summary>
    public static IReadOnlyList<string> CiSubset() =>
        File.Exists(Path.Combine(CorpusRoot, "ci-subset.txt"))
            ? File.ReadLines(Path.Combine(CorpusRoot, "ci-subset.txt"))
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => Path.Combine(CorpusRoot, l.Trim()))
                .Where(File.Exists)
                .ToList()
            : [];

    /// <summary>The CI-subset files with one of <paramref name="extensions"/>, as theory data of corpus-relative paths.</summary>
    public static TheoryData<string> CiSubsetFiles(params string[] extensions)
    {
        var data = new TheoryData<string>();
        foreach (var file in CiSubset().Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)))
        {
            data.Add(Path.GetRelativePath(CorpusRoot, file));
        }

        return data;
    }

    /// <summary>The materialised full corpus ($FOLIO_CORPUS, else ~/.cache/folio/corpus), or null when absent.</summary>
    public static string? FullCorpus()
    {
        var folder = Environment.GetEnvironmentVariable("FOLIO_CORPUS")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folio", "corpus");
        return Directory.Exists(folder) ? folder : null;
    }

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Folio.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Folio.slnx not found above " + AppContext.BaseDirectory);
    }
}
