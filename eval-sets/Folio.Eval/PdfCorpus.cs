namespace Folio.Eval;

/// <summary>The text PDFs of the full corpus: MANIFEST rows with format=pdf whose notes do not mark them
/// encrypted, password-protected, broken, fuzzed, damaged, slow or (nearly) without text.</summary>
internal static class PdfCorpus
{
    private static readonly string[] SkippedNotes =
        ["encrypted", "password", "broken", "fuzzed", "damaged", "little-or-no-text", "timeout"];

    public static string DefaultRoot() =>
        Environment.GetEnvironmentVariable("FOLIO_CORPUS")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "folio", "corpus");

    public static List<string> TextPdfs(string corpusRoot, string manifest)
    {
        var files = new List<string>();
        foreach (var line in File.ReadLines(manifest).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length < 5 || fields[4] != "pdf")
            {
                continue;
            }

            var notes = fields.Length > 5 ? fields[5] : string.Empty;
            if (SkippedNotes.Any(n => notes.Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var path = Path.Combine(corpusRoot, fields[0]);
            if (File.Exists(path))
            {
                files.Add(path);
            }
        }

        return files;
    }

    public static string Manifest() => Path.Combine(ReportFile.SharedEval(), "corpus", "MANIFEST.tsv");
}
