using System.Diagnostics;
using Xunit.Abstractions;

namespace Folio.Extraction.Tests.Office;

/// <summary>The Office parsers over real files: only typed errors escape, offsets stay exact.</summary>
public sealed class OfficeCorpusTests(ITestOutputHelper output)
{
    private static readonly string[] Extensions = [".docx", ".xlsx", ".pptx"];

    public static TheoryData<string> CiSubsetOfficeFiles() => EvalSets.CiSubsetFiles(Extensions);

    [Theory]
    [MemberData(nameof(CiSubsetOfficeFiles))]
    public async Task Ci_subset_files_parse_or_fail_typed(string file)
    {
        var outcome = await ParseAsync(Path.Combine(EvalSets.CorpusRoot, file));

        Assert.True(outcome.Error is null or DocumentParseException, $"{file}: {outcome.Error}");
    }

    /// <summary>Row × column counts checked by hand against the files' XML (cells counted with their column spans).</summary>
    [Theory]
    [InlineData("files/poi/document/bib-chernigovka.netdo.ru_download_docs_17459.docx", 0, 284, 2)]
    [InlineData("files/closedxml/TryToLoad/LO/xlsx/pivottable_date_field_filter.xlsx", 0, 3, 4)]
    [InlineData("files/closedxml/TryToLoad/LO/xlsx/pivottable_date_field_filter.xlsx", 1, 4, 6)]
    [InlineData("files/poi/spreadsheet/57362.xlsx", 0, 3, 2)]
    public async Task Ci_subset_tables_have_their_row_and_column_counts(string file, int table, int rows, int columns)
    {
        var path = Path.Combine(EvalSets.CorpusRoot, file);
        Assert.True(File.Exists(path), $"{file} is missing from eval-sets/corpus.");

        var outcome = await ParseAsync(path);

        var block = outcome.Document!.Blocks.Where(b => b.Kind == BlockKind.Table).ElementAt(table);
        Assert.Equal(rows, block.Rows!.Count);
        Assert.All(block.Rows, r => Assert.Equal(columns, r.Cells.Sum(c => c.ColumnSpan)));
    }

    [FullCorpusFact]
    public async Task Every_corpus_office_file_parses_or_fails_typed()
    {
        var failures = new List<string>();
        var files = Directory.EnumerateFiles(EvalSets.FullCorpus()!, "*", SearchOption.AllDirectories).Where(IsOffice).Order().ToList();
        var codes = new Dictionary<string, int>();
        foreach (var file in files)
        {
            var watch = Stopwatch.StartNew();
            var outcome = ParseDirectly(file);
            var code = outcome.Error switch
            {
                null => "ok",
                DocumentParseException e => e.ErrorCode,
                var e => e.GetType().Name,
            };
            codes[code] = codes.GetValueOrDefault(code) + 1;
            if (outcome.Error is DocumentParseException { Failure: ParseFailure.DocumentUnreadable } unreadable)
            {
                output.WriteLine($"unreadable: {file}: {unreadable.InnerException?.GetType().Name}: {unreadable.InnerException?.Message}");
            }
            if (outcome.Error is not (null or DocumentParseException) || watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                failures.Add($"{file} ({watch.Elapsed.TotalSeconds:F1} s): {outcome.Error}");
            }
        }

        output.WriteLine($"{files.Count} files: " + string.Join(", ", codes.Select(c => $"{c.Key} {c.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The format's parser without <see cref="DocumentParser"/>'s safety net (which turns anything into
    /// document_unreadable), so an exception the parser itself lets through shows up here.
    /// </summary>
    private static (ParsedDocument? Document, Exception? Error) ParseDirectly(string path)
    {
        try
        {
            using var stream = new MemoryStream(File.ReadAllBytes(path));
            var options = new ParsingOptions();
            var (format, _) = FormatSniffer.Sniff(stream, path);
            IDocumentParser parser = format switch
            {
                DocumentFormat.Docx => new Extraction.Office.DocxParser(options),
                DocumentFormat.Xlsx => new Extraction.Office.XlsxParser(options),
                DocumentFormat.Pptx => new Extraction.Office.PptxParser(options),
                _ => throw new DocumentParseException(ParseFailure.UnsupportedDocumentType, format.ToString()),
            };
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var document = parser.Parse(stream, Path.GetFileName(path), timeout.Token);
            OfficeParserTests.AssertExactOffsets(document);
            Assert.All(document.Blocks, b => Assert.InRange(b.Page, 1, document.Pages));
            return (document, null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static bool IsOffice(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    private static async Task<(ParsedDocument? Document, Exception? Error)> ParseAsync(string path)
    {
        try
        {
            await using var stream = new MemoryStream(await File.ReadAllBytesAsync(path));
            var document = await DocumentParser.CreateDefault(new ParsingOptions { Timeout = TimeSpan.FromSeconds(30) })
                .ParseAsync(stream, Path.GetFileName(path));
            OfficeParserTests.AssertExactOffsets(document);
            Assert.All(document.Blocks, b => Assert.InRange(b.Page, 1, document.Pages));
            return (document, null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }
}
