namespace Folio.Extraction.Tests;

/// <summary>A fact that needs the materialised full corpus; skipped, with the reason, where it is absent (CI).</summary>
public sealed class FullCorpusFactAttribute : FactAttribute
{
    public FullCorpusFactAttribute()
    {
        if (EvalSets.FullCorpus() is null)
        {
            Skip = "The full corpus (~/.cache/folio/corpus or $FOLIO_CORPUS) is not materialised here (materialise it with get.sh from the shared eval data, or set FOLIO_CORPUS).";
        }
    }
}
