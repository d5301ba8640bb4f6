namespace Folio.Eval;

/// <summary>
/// The parser corpus: its materialised folder ($FOLIO_CORPUS, else ~/.cache/folio/corpus, as
/// the shared eval data's <c>corpus/get.sh</c> writes it) and the rows of its MANIFEST.tsv (a copy in <c>eval-sets/corpus</c>)
/// (path, bytes, sha256, origin, format, notes).
/// </summary>
internal static class Corpus
{
    private static readonly string[] NotTextPdfNotes =
        ["encrypted", "password", "broken", "fuzzed", "damaged", "little-or-no-text", "timeout"];

    public static string DefaultRoot() =>
        Environment.GetEnvironmentVariable("FOLIO_CORPUS")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folio", "corpus");

    public static string Manifest() => Path.Combine(ReportFile.EvalSets(), "corpus", "MANIFEST.tsv");

    /// <summary>Every manifest row whose file exists under <paramref name="corpusRoot"/>, as (relative path, format, notes).</summary>
    public static IEnumerable<(string Path, string Format, string Notes)> Entries(string corpusRoot, string? manifest = null) =>
        File.ReadLines(manifest ?? Manifest()).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 5 && File.Exists(Path.Combine(corpusRoot, fields[0])))
            .Select(fields => (fields[0], fields[4], fields.Length > 5 ? fields[5] : string.Empty));

    /// <summary>
    /// The text PDFs: format=pdf rows whose notes do not mark them encrypted, password-protected,
    /// broken, fuzzed, damaged, slow or (nearly) without text; absolute paths.
    /// </summary>
    public static List<string> TextPdfs(string corpusRoot, string manifest) =>
        Entries(corpusRoot, manifest)
            .Where(e => e.Format == "pdf" && !NotTextPdfNotes.Any(n => e.Notes.Contains(n, StringComparison.OrdinalIgnoreCase)))
            .Select(e => Path.Combine(corpusRoot, e.Path))
            .ToList();
}
