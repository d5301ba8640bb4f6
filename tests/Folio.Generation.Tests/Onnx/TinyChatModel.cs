using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Onnx;

namespace Folio.Generation.Tests.Onnx;

/// <summary>
/// Writes the smallest model folder ONNX Runtime GenAI runs as a chat model, whose greedy answer is a script.
/// <list type="bullet">
/// <item><c>model.onnx</c>: one node, <c>logits = Gather(bigram, input_ids)</c>. Row <c>t</c> of the [V, V] bigram table
/// holds the logits of the token after <c>t</c>, so the greedy answer follows the script one token at a time. GenAI
/// passes only the new tokens each step and reads the last row; a graph without attention_mask or past key/values
/// is allowed (it feeds only the inputs the graph declares).</item>
/// <item><c>genai_config.json</c>: model type, vocab size, context length, end-of-sequence ids and the graph's file.
/// The execution provider goes in <c>decoder.session_options.provider_options</c> (none: CPU).</item>
/// <item><c>tokenizer.json</c>: byte-level BPE. Ids 0–255 are the bytes (in GPT-2's byte-to-character mapping),
/// then one token per multi-byte script word (with the merges that build it), then the special tokens.</item>
/// <item><c>tokenizer_config.json</c>: the ChatML chat template. It must be a string: a null template makes the
/// native tokenizer throw and a later GC crash the process.</item>
/// </list>
/// A ChatML prompt ends with <c>assistant\n</c>, so the script starts after the newline byte; after its last word
/// comes <c>&lt;|im_end|&gt;</c> (end of sequence), or the first word again when <c>loop</c> is set. Every other
/// token is followed by end of sequence.
/// </summary>
internal static class TinyChatModel
{
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private const float Next = 10f;
    private const float Otherwise = 1f;

    /// <summary>Writes the model into <paramref name="folder"/>; each script word is one token.</summary>
    public static void Write(string folder, IReadOnlyList<string> script, bool loop = false, int contextLength = 256)
    {
        Directory.CreateDirectory(folder);
        var vocabulary = new Vocabulary(script);

        // The bigram table: the newline that ends the prompt leads to the script, each word to the next.
        var size = vocabulary.Size;
        var table = new float[size * size];
        for (var row = 0; row < size; row++)
        {
            table[(row * size) + vocabulary.ImEnd] = Otherwise;
        }

        var path = new[] { (int)'\n' }.Concat(script.Select(vocabulary.IdOf)).ToList();
        path.Add(loop ? vocabulary.IdOf(script[0]) : vocabulary.ImEnd);
        for (var i = 0; i + 1 < path.Count; i++)
        {
            if (table.AsSpan(path[i] * size, size).IndexOf(Next) is var taken and >= 0 && taken != path[i + 1])
            {
                throw new ArgumentException($"'{script[i - 1]}' is followed by two different words: a bigram model can follow only one.", nameof(script));
            }

            table[(path[i] * size) + path[i + 1]] = Next;
        }

        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), GatherModel(table, size));
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), GenAiConfig(vocabulary, contextLength).ToJsonString());
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), vocabulary.TokenizerJson().ToJsonString());
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), vocabulary.TokenizerConfig(ChatMlTemplate).ToJsonString());
    }

    /// <summary>The number of tokens the tokenizer gives <paramref name="text"/> when no script word occurs in it: one per UTF-8 byte.</summary>
    public static int ByteTokens(string text) => Encoding.UTF8.GetByteCount(text);

    private static byte[] GatherModel(float[] table, int size)
    {
        var bigram = new TensorProto { Name = "bigram", DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(table.AsSpan())) };
        bigram.Dims.AddRange([size, size]);
        var gather = new NodeProto { OpType = "Gather", Name = "next_token" };
        gather.Input.AddRange(["bigram", "input_ids"]);
        gather.Output.Add("logits");
        gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });

        var graph = new GraphProto { Name = "tiny" };
        graph.Initializer.Add(bigram);
        graph.Node.Add(gather);
        graph.Input.Add(Value("input_ids", TensorProto.Types.DataType.Int64, "batch_size", "sequence_length"));
        graph.Output.Add(Value("logits", TensorProto.Types.DataType.Float, "batch_size", "sequence_length", size));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = (int)dim });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static JsonObject GenAiConfig(Vocabulary vocabulary, int contextLength) => new()
    {
        ["model"] = new JsonObject
        {
            ["type"] = "llama",
            ["vocab_size"] = vocabulary.Size,
            ["context_length"] = contextLength,
            ["eos_token_id"] = new JsonArray(vocabulary.ImEnd, vocabulary.EndOfText),
            ["pad_token_id"] = vocabulary.EndOfText,
            ["decoder"] = new JsonObject
            {
                ["filename"] = "model.onnx",
                ["session_options"] = new JsonObject { ["provider_options"] = new JsonArray() },
            },
        },
        ["search"] = new JsonObject { ["max_length"] = contextLength, ["do_sample"] = false, ["num_beams"] = 1 },
    };

    /// <summary>Bytes, script words, special tokens; and the byte-level BPE files that describe them.</summary>
    private sealed class Vocabulary
    {
        private readonly Dictionary<string, int> _ids = [];
        private readonly List<string> _merges = [];

        public Vocabulary(IEnumerable<string> words)
        {
            for (var b = 0; b < 256; b++)
            {
                _ids[ByteLevel.Chars[b].ToString()] = b;
            }

            foreach (var word in words.Select(ByteLevel.Encode).Where(w => w.Length > 1))
            {
                // Merge left to right: "Ġt h" makes "Ġth", then "Ġth e" makes "Ġthe"; each prefix is a token too.
                for (var length = 2; length <= word.Length; length++)
                {
                    var merged = word[..length];
                    if (_ids.TryAdd(merged, _ids.Count))
                    {
                        _merges.Add($"{word[..(length - 1)]} {word[length - 1]}");
                    }
                }
            }

            EndOfText = _ids.Count;
            ImStart = EndOfText + 1;
            ImEnd = EndOfText + 2;
            Size = EndOfText + 3;
        }

        public int EndOfText { get; }

        public int ImStart { get; }

        public int ImEnd { get; }

        public int Size { get; }

        public int IdOf(string word) => _ids[ByteLevel.Encode(word)];

        public JsonObject TokenizerJson()
        {
            var byteLevel = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true };
            var vocab = new JsonObject();
            foreach (var (token, id) in _ids)
            {
                vocab[token] = id;
            }

            return new JsonObject
            {
                ["version"] = "1.0",
                ["added_tokens"] = new JsonArray(Special(EndOfText, TinyChatModel.EndOfText), Special(ImStart, TinyChatModel.ImStart), Special(ImEnd, TinyChatModel.ImEnd)),
                ["normalizer"] = null,
                ["pre_tokenizer"] = byteLevel.DeepClone(),
                ["post_processor"] = byteLevel.DeepClone(),
                ["decoder"] = byteLevel.DeepClone(),
                ["model"] = new JsonObject
                {
                    ["type"] = "BPE",
                    ["byte_fallback"] = false,
                    ["fuse_unk"] = false,
                    ["vocab"] = vocab,
                    ["merges"] = new JsonArray([.. _merges.Select(m => (JsonNode)m)]),
                },
            };
        }

        public JsonObject TokenizerConfig(string chatTemplate)
        {
            var decoder = new JsonObject();
            foreach (var (id, content) in new[] { (EndOfText, TinyChatModel.EndOfText), (ImStart, TinyChatModel.ImStart), (ImEnd, TinyChatModel.ImEnd) })
            {
                decoder[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["content"] = content, ["special"] = true };
            }

            return new JsonObject
            {
                ["tokenizer_class"] = "Qwen2Tokenizer",
                ["bos_token"] = null,
                ["eos_token"] = TinyChatModel.ImEnd,
                ["pad_token"] = TinyChatModel.EndOfText,
                ["added_tokens_decoder"] = decoder,
                ["chat_template"] = chatTemplate,
            };
        }

        private static JsonObject Special(int id, string content) => new()
        {
            ["id"] = id,
            ["content"] = content,
            ["single_word"] = false,
            ["lstrip"] = false,
            ["rstrip"] = false,
            ["normalized"] = false,
            ["special"] = true,
        };
    }

    /// <summary>GPT-2's byte-to-character mapping: printable bytes stand for themselves, the rest move to U+0100 and up.</summary>
    private static class ByteLevel
    {
        public static readonly char[] Chars = Build();

        public static string Encode(string text) => new([.. Encoding.UTF8.GetBytes(text).Select(b => Chars[b])]);

        private static char[] Build()
        {
            var chars = new char[256];
            var next = 256;
            for (var b = 0; b < 256; b++)
            {
                var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
                chars[b] = (char)(printable ? b : next++);
            }

            return chars;
        }
    }
}
