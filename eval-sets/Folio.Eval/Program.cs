using Folio.Eval;

// Evaluation and benchmark commands. Each writes its section of docs/EVAL.md or docs/BENCHMARKS.md
// (via ReportFile) with the command line that produced it, so figures stay beside their command.
var command = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
return command switch
{
    "corpus" => await CorpusRun.RunAsync(rest),
    "retrieval" => await Folio.Eval.Retrieval.RetrievalEval.RunAsync(rest),
    "index-bench" => await IndexBenchmark.RunAsync(rest),
    "embed-bench" => await EmbeddingBenchmark.RunAsync(rest),
    "embed-recall" => await EmbeddingRecall.RunAsync(rest),
    "ingest-bench" => await IngestBenchmark.RunAsync(rest),
    "pdf-fidelity" => await PdfFidelity.RunAsync(rest),
    "pdf-bench" => await PdfBenchmark.RunAsync(rest),
    "ask" => await Folio.Eval.Answering.AskEval.RunAsync(rest),
    "ask-bench" => await Folio.Eval.Answering.AskBenchmark.RunAsync(rest),
    "load-bench" => await Folio.Eval.Load.LoadBenchmark.RunAsync(rest),
    "batch-bench" => await Folio.Eval.Load.BatchBenchmark.RunAsync(rest),
    "parse-isolation-bench" => await ParseIsolationBenchmark.RunAsync(rest),
    "extract" => await Folio.Eval.Extraction.ExtractEval.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project eval-sets/Folio.Eval -- <command> [options]
          corpus [--corpus DIR] [--subset FILE]   parse every corpus file; summary to docs/EVAL.md
          retrieval [SET...]                      recall/MRR/nDCG of vector, keyword, hybrid on qa sets; to docs/EVAL.md
          index-bench [--sizes 10000,100000] [--queries 200]   embedded index build/search times, HNSW recall vs exact; to docs/BENCHMARKS.md
          embed-bench [--chunks N]                embedder chunks/s (fp32, int8, sessions x threads) vs SentenceEncoder; docs/BENCHMARKS.md
          embed-recall [--set xquad_en]           embedder recall@1/5/10 + MRR, fp32 vs int8; docs/EVAL.md
          ingest-bench [--set cranfield] [--docs 400]   end-to-end ingestion chunks/s against raw embedding; to docs/BENCHMARKS.md
          pdf-fidelity [--corpus DIR] [--limit N] [--no-write]   bag-of-words F1 of the PDF parser vs pdftotext
          pdf-bench [--corpus DIR] [--files N] [--no-write]      pages/s of the PDF parser vs pdftotext and PdfPig page.Text
          ask [SET...] [--questions N] [--no-write]   extractive answers: gold in answer / in a citation, xquad_en + tatqa_dev spans; docs/EVAL.md
          ask-bench [--tokens 2000] [--rounds 7] [--docs N per set] [--questions 400] [--chunks 100000] [--no-write]   ORT GenAI client vs bare loop (TTFT, tokens/s); extractive ask p50/p99, cache hits; /v1/ask over HTTP at the sets' size and grown to --chunks (0: skip); docs/BENCHMARKS.md
          extract [SET...] [--docs N] [--dump FILE] [--no-write]   extractive structured extraction: field P/R/F1 on kleister_nda, zugferd, invoice2data; docs/EVAL.md + docs/BENCHMARKS.md
          load-bench [--url http://localhost:5080] [--clients 16] [--seconds 60] [--docs 240]   search p50/p99 idle vs under uploads/deletes, against a running Folio; docs/BENCHMARKS.md
          batch-bench [--url http://localhost:5080] [--docs 100] [--clients 4] [--seconds 20]   extractions as a batch vs one by one (documents/s), search p99 idle vs beside a batch; docs/BENCHMARKS.md
          parse-isolation-bench [--corpus DIR] [--files N] [--rounds N] [--no-write]   parsing in the worker process vs in process
        """);
    return 2;
}
