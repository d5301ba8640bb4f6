namespace Folio.Extraction.Tests.Pdf;

/// <summary>Every PDF of the CI corpus subset parses or fails with a typed error, with exact offsets.</summary>
public sealed class PdfCorpusTests
{
    public static TheoryData<string> Files() => EvalSets.CiSubsetFiles(".pdf");

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Parses_or_fails_with_a_typed_error(string relativePath)
    {
        var notes = ManifestNotes(relativePath);
        var parser = DocumentParser.CreateDefault(new ParsingOptions());
        await using var stream = File.OpenRead(Path.Combine(EvalSets.CorpusRoot, relativePath));
        try
        {
            var document = await parser.ParseAsync(stream, Path.GetFileName(relativePath));
            Assert.DoesNotContain("needs-user-password", notes, StringComparison.Ordinal);
            foreach (var block in document.Blocks)
            {
                Assert.Equal(block.Text, document.Text[block.Start..block.End]);
            }

            foreach (var word in document.WordBoxes)
            {
                Assert.InRange(word.Start, 0, word.End);
                Assert.InRange(word.End, word.Start, document.Text.Length);
            }
        }
        catch (DocumentParseException e)
        {
            if (notes.Contains("needs-user-password", StringComparison.Ordinal))
            {
                Assert.Equal("document_encrypted", e.ErrorCode);
            }
            else if (e.Failure == ParseFailure.DocumentEncrypted)
            {
                Assert.Contains("encrypted", notes, StringComparison.Ordinal);
            }
        }
    }

    private static string ManifestNotes(string relativePath)
    {
        var manifest = Path.Combine(EvalSets.CorpusRoot, "MANIFEST.tsv");
        var line = File.ReadLines(manifest).FirstOrDefault(l => l.StartsWith(relativePath + "\t", StringComparison.Ordinal));
        return line?.Split('\t') is { Length: > 5 } fields ? fields[5] : string.Empty;
    }
}
