namespace Folio.Extraction.Tests;

/// <summary>A fact that needs the materialised full corpus; skipped, with the reason, where it is absent (CI).</summary>
public sealed class FullCorpusFactAttribute : FactAttribute
{
    public FullCorpusFactAttribute()
    {
        if (SharedEval.FullCorpus() is null)
        {
            Skip = "The full corpus (~/.cache/folio/corpus or $FOLIO_CORPUS) is not materialised here (run ../shared/eval/corpus/get.sh or set FOLIO_CORPUS).";
        }
    }
}
