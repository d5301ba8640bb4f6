using Folio.Extraction;

namespace Folio.Extraction.Tests.Text;

/// <summary>Real text, Markdown, CSV and HTML files through the whole entry point: only typed errors escape, every block is located exactly.</summary>
public sealed class TextCorpusTests
{
    private static readonly string[] Extensions = [".txt", ".md", ".markdown", ".csv", ".tsv", ".html", ".htm", ".xhtml"];

    public static TheoryData<string> CiFiles() => EvalSets.CiSubsetFiles(Extensions);

    [Theory]
    [MemberData(nameof(CiFiles))]
    public async Task Ci_subset_file_parses_or_fails_typed(string relativePath)
    {
        var problem = await Check(Path.Combine(EvalSets.CorpusRoot, relativePath));

        Assert.Null(problem);
    }

    [Fact]
    public void Ci_subset_has_text_files()
    {
        Assert.NotEmpty(CiFiles());
    }

    [FullCorpusFact]
    public async Task Every_full_corpus_text_file_parses_or_fails_typed()
    {
        var files = Directory.EnumerateFiles(EvalSets.FullCorpus()!, "*", SearchOption.AllDirectories).Where(IsText).ToList();
        var problems = new List<string>();
        foreach (var file in files)
        {
            if (await Check(file) is { } problem)
            {
                problems.Add($"{file}: {problem}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static bool IsText(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Null when the file parsed with exact spans or failed with a typed error; else what went wrong.</summary>
    private static async Task<string?> Check(string file)
    {
        await using var stream = new MemoryStream(await File.ReadAllBytesAsync(file));
        ParsedDocument document;
        try
        {
            document = await DocumentParser.CreateDefault(new ParsingOptions()).ParseAsync(stream, Path.GetFileName(file));
        }
        catch (DocumentParseException e)
        {
            return e.Failure is ParseFailure.DocumentEmpty or ParseFailure.DocumentTooLarge or ParseFailure.UnsupportedDocumentType
                ? null
                : $"{e.ErrorCode}: {e.InnerException?.ToString() ?? e.Message}";
        }

        var wrong = document.Blocks.FirstOrDefault(b => document.Text[b.Start..b.End] != b.Text);
        return wrong is null ? null : $"block at {wrong.Start} is not located exactly";
    }
}
