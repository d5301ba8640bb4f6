namespace Folio.Extraction.Tests.Text;

/// <summary>A fact that needs the materialised full corpus; skipped, with the reason, where it is absent (CI).</summary>
internal sealed class FullCorpusFactAttribute : FactAttribute
{
    public FullCorpusFactAttribute()
    {
        if (SharedEval.FullCorpus() is null)
        {
            Skip = "The full corpus is not materialised (run ../shared/eval/corpus/get.sh or set FOLIO_CORPUS).";
        }
    }
}
