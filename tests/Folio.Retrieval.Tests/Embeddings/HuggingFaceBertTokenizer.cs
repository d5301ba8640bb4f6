using System.Text.Json;
using System.Text.Json.Nodes;
using Tokenizers.DotNet;

namespace Folio.Retrieval.Tests.Embeddings;

/// <summary>
/// The oracle: Hugging Face's own (Rust) tokenizer through Tokenizers.DotNet, configured as bert-base-uncased
/// by a tokenizer.json written here from the packaged vocab.txt.
/// </summary>
public sealed class HuggingFaceBertTokenizer : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("folio-hf-tok-").FullName;

    public HuggingFaceBertTokenizer(IReadOnlyList<string> vocabulary)
    {
        var vocab = new JsonObject();
        for (var id = 0; id < vocabulary.Count; id++)
        {
            vocab.TryAdd(vocabulary[id], id);
        }

        int Id(string token) => vocabulary.ToList().IndexOf(token);
        JsonNode Special(string token) => new JsonObject { ["id"] = token, ["ids"] = new JsonArray(Id(token)), ["tokens"] = new JsonArray(token) };
        JsonNode Piece(string kind, string id) => new JsonObject { [kind] = new JsonObject { ["id"] = id, ["type_id"] = 0 } };

        var json = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(),
            ["normalizer"] = new JsonObject
            {
                ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true,
                ["strip_accents"] = null, ["lowercase"] = true,
            },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(Piece("SpecialToken", "[CLS]"), Piece("Sequence", "A"), Piece("SpecialToken", "[SEP]")),
                ["pair"] = new JsonArray(Piece("SpecialToken", "[CLS]"), Piece("Sequence", "A"), Piece("SpecialToken", "[SEP]"), Piece("Sequence", "B"), Piece("SpecialToken", "[SEP]")),
                ["special_tokens"] = new JsonObject { ["[CLS]"] = Special("[CLS]"), ["[SEP]"] = Special("[SEP]") },
            },
            ["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##",
                ["max_input_chars_per_word"] = 100, ["vocab"] = vocab,
            },
        };

        var path = Path.Combine(_folder, "tokenizer.json");
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        Tokenizer = new Tokenizer(path);
    }

    public Tokenizer Tokenizer { get; }

    public int[] Encode(string text) => [.. Tokenizer.Encode(text).Select(i => (int)i)];

    public void Dispose()
    {
        Tokenizer.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
