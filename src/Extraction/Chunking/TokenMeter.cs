namespace Folio.Extraction.Chunking;

/// <summary>
/// Counts tokens for the chunker. Short strings (gaps between pieces, heading paths, words) repeat
/// often, so their counts are cached; longer texts are counted once by the caller and summed.
/// </summary>
internal sealed class TokenMeter(ITokenCounter counter)
{
    private const int CachedLength = 64;
    private const int CacheCapacity = 50_000;

    private readonly Dictionary<string, int> _cache = new(StringComparer.Ordinal);

    /// <summary>Tokens in <paramref name="text"/>.</summary>
    public int Count(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        if (text.Length > CachedLength)
        {
            return counter.CountTokens(text);
        }

        if (!_cache.TryGetValue(text, out var tokens))
        {
            tokens = counter.CountTokens(text);
            if (_cache.Count < CacheCapacity)
            {
                _cache[text] = tokens;
            }
        }

        return tokens;
    }

    /// <summary>Tokens in <c>text[start..end]</c>.</summary>
    public int Count(string text, int start, int end) => Count(text[start..end]);
}
