using System.Text.Json;

namespace Folio.Eval;

/// <summary>A retrieval QA set from <c>../shared/eval/qa/{name}</c>: docs.jsonl (id, text) and questions.jsonl (question, doc_ids).</summary>
internal sealed record QaSet(IReadOnlyList<(string Id, string Text)> Docs, IReadOnlyList<(string Question, string[] DocIds)> Questions)
{
    public static QaSet Load(string folder)
    {
        var docs = File.ReadLines(Path.Combine(folder, "docs.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("text").GetString()!))
            .ToList();
        var questions = File.ReadLines(Path.Combine(folder, "questions.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("question").GetString()!, e.GetProperty("doc_ids").EnumerateArray().Select(d => d.GetString()!).ToArray()))
            .ToList();
        return new QaSet(docs, questions);
    }
}
