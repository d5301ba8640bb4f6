using System.Text.RegularExpressions;

namespace Folio.Eval;

/// <summary>
/// Replaces one named section of a Markdown report (docs/EVAL.md, docs/BENCHMARKS.md), leaving the
/// others as they are, so each command owns its section and reruns update it in place.
/// </summary>
internal static partial class ReportFile
{
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Folio.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The evaluation data committed with the project (<c>eval-sets/</c>; its README names sources and licences).</summary>
    public static string EvalSets() => Path.Combine(RepositoryRoot(), "eval-sets");

    /// <summary>The 1-, 5- and 15-minute load averages, so a benchmark on a shared machine says how busy it was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Writes <paramref name="body"/> under <c>## {heading}</c> in <c>docs/{file}</c>.</summary>
    public static void WriteSection(string file, string heading, string body)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", file);
        var text = File.Exists(path) ? File.ReadAllText(path) : $"# {Path.GetFileNameWithoutExtension(file)}\n";
        var section = $"## {heading}\n\n{body.Trim()}\n\n";
        var pattern = new Regex($"^## {Regex.Escape(heading)}\n.*?(?=^## |\\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        text = pattern.IsMatch(text) ? pattern.Replace(text, section.Replace("$", "$$", StringComparison.Ordinal), 1) : text.TrimEnd() + "\n\n" + section;
        File.WriteAllText(path, text.TrimEnd() + "\n");
        Console.WriteLine($"wrote section '{heading}' of {path}");
    }
}
