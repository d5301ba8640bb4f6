using System.Buffers;
using System.Globalization;
using System.Text;

namespace Folio.Retrieval.Embeddings;

/// <summary>
/// Hugging Face's <c>BertNormalizer</c> with the bert-base-uncased settings (clean_text, handle_chinese_chars,
/// strip_accents = lowercase = true), in the order of the Rust implementation
/// (https://github.com/huggingface/tokenizers, <c>normalizers/bert.rs</c>):
/// 1. drop NUL, U+FFFD and control characters, map whitespace to a space;
/// 2. put spaces around CJK ideographs;
/// 3. NFD, then drop non-spacing marks (Mn);
/// 4. lower-case.
/// Character classes come from .NET's Unicode tables; the tests compare ids with HF's own tokenizer on
/// accents, CJK, emoji (including recent ones), control and format characters.
/// </summary>
internal static class BertNormalizer
{
    /// <summary>
    /// Normalises <paramref name="text"/> into a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the caller
    /// returns it. Returns the normalised length.
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> text, out char[] buffer)
    {
        // 1 + 2: clean and pad CJK (at most 3 chars out per char in).
        var cleaned = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length * 3));
        var length = 0;
        var nonAscii = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                if (c is '\t' or '\n' or '\r' or ' ')
                {
                    cleaned[length++] = ' ';
                }
                else if (c >= 0x20 && c != 0x7F)
                {
                    cleaned[length++] = c;
                }

                continue;
            }

            nonAscii = true;
            int codePoint = c;
            var width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[i + 1]);
                width = 2;
            }

            if (codePoint == 0xFFFD || IsControl(codePoint))
            {
                i += width - 1;
                continue;
            }

            if (width == 1 && char.IsWhiteSpace(c))
            {
                cleaned[length++] = ' ';
                continue;
            }

            var cjk = IsCjk(codePoint);
            if (cjk)
            {
                cleaned[length++] = ' ';
            }

            cleaned[length++] = c;
            if (width == 2)
            {
                cleaned[length++] = text[++i];
            }

            if (cjk)
            {
                cleaned[length++] = ' ';
            }
        }

        if (!nonAscii)
        {
            // ASCII is its own NFD and has no marks: lower-case in place.
            for (var i = 0; i < length; i++)
            {
                cleaned[i] = (char)(cleaned[i] | (char.IsAsciiLetterUpper(cleaned[i]) ? 0x20 : 0));
            }

            buffer = cleaned;
            return length;
        }

        // 3: NFD. Canonical decomposition expands a code point to at most 4 (UAX #15, "Stream-Safe" notes).
        var decomposed = ArrayPool<char>.Shared.Rent(Math.Max(16, length * 4));
        if (!cleaned.AsSpan(0, length).TryNormalize(decomposed, out var decomposedLength, NormalizationForm.FormD))
        {
            // Ill-formed UTF-16 (a lone surrogate) cannot be normalised; keep it as it is, as HF keeps the
            // replacement character it decodes it to.
            cleaned.AsSpan(0, length).CopyTo(decomposed);
            decomposedLength = length;
        }

        ArrayPool<char>.Shared.Return(cleaned);

        // 3 + 4: drop Mn and lower-case in place; simple case mapping keeps the UTF-16 length.
        var written = 0;
        for (var i = 0; i < decomposedLength; i++)
        {
            var c = decomposed[i];
            if (char.IsHighSurrogate(c) && i + 1 < decomposedLength && char.IsLowSurrogate(decomposed[i + 1]))
            {
                var rune = new Rune(c, decomposed[i + 1]);
                i++;
                if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }

                rune = Rune.ToLowerInvariant(rune);
                written += rune.EncodeToUtf16(decomposed.AsSpan(written));
                continue;
            }

            if (c >= 0x300 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            decomposed[written++] = char.ToLowerInvariant(c);
        }

        buffer = decomposed;
        return written;
    }

    /// <summary>HF's <c>is_control</c>: tab, newline and carriage return are whitespace; any other Cc, Cf, Cs, Co, Cn is control.</summary>
    private static bool IsControl(int codePoint) =>
        CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>The CJK Unified Ideographs blocks as BERT defines them (not Hangul, Hiragana or Katakana).</summary>
    private static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
