using Folio.Eval;

// Evaluation and benchmark commands. Each writes its section of docs/EVAL.md or docs/BENCHMARKS.md
// (via ReportFile) with the command line that produced it, so figures stay beside their command.
var command = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
await Task.CompletedTask;
return command switch
{
    "pdf-fidelity" => await PdfFidelity.RunAsync(rest),
    "pdf-bench" => await PdfBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project eval-sets/Folio.Eval -- <command> [options]
          corpus [--corpus DIR] [--subset FILE]   parse every corpus file; summary to docs/EVAL.md
          pdf-fidelity [--corpus DIR] [--limit N] [--no-write]   bag-of-words F1 of the PDF parser vs pdftotext
          pdf-bench [--corpus DIR] [--files N] [--no-write]      pages/s of the PDF parser vs pdftotext and PdfPig page.Text
        """);
    return 2;
}
