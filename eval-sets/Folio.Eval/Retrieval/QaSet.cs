using System.Text.Json;
using System.Text.Json.Serialization;

namespace Folio.Eval.Retrieval;

/// <summary>A question-answering set from <c>eval-sets/qa/NAME</c>: documents and questions (eval/README.md fixes the format).</summary>
internal sealed record QaSet(string Name, IReadOnlyList<QaSet.Document> Documents, IReadOnlyList<QaSet.Question> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static QaSet Load(string folder, int? maxDocuments = null)
    {
        var documents = File.ReadLines(Path.Combine(folder, "docs.jsonl")).Select(l => JsonSerializer.Deserialize<Document>(l, Json)!).ToList();
        if (maxDocuments is { } max)
        {
            documents = documents.Take(max).ToList();
        }

        var ids = documents.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var questions = File.ReadLines(Path.Combine(folder, "questions.jsonl"))
            .Select(l => JsonSerializer.Deserialize<Question>(l, Json)!)
            .Where(q => q.DocIds.Count > 0 && q.DocIds.All(ids.Contains))
            .ToList();
        return new QaSet(Path.GetFileName(folder.TrimEnd('/')), documents, questions);
    }

    /// <summary>A document; one with a Markdown table is ingested as a <c>.md</c> file so the Markdown parser sees the table.</summary>
    internal sealed record Document(string Id, string Title, string Text, string? Markdown)
    {
        public (byte[] Bytes, string FileName) AsFile() => Markdown is { Length: > 0 }
            ? (System.Text.Encoding.UTF8.GetBytes(Markdown), Id + ".md")
            : (System.Text.Encoding.UTF8.GetBytes(Text), Id + ".txt");
    }

    internal sealed record Question(
        string Id,
        [property: JsonPropertyName("question")] string Text,
        IReadOnlyList<string> Answers,
        [property: JsonPropertyName("doc_ids")] IReadOnlyList<string> DocIds,
        IReadOnlyDictionary<string, int>? Grades,
        [property: JsonPropertyName("answer_type")] string? AnswerType);
}
