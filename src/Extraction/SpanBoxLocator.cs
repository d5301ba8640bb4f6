namespace Folio.Extraction;

/// <summary>
/// Finds the box of a character span from word boxes ordered by offset: the union of the boxes of
/// the words the span touches on the page of its first word (a span running onto the next page keeps
/// the first page's part, as evidence shows one page). Works over any list, so a file-backed list of
/// boxes is searched without loading it.
/// </summary>
public static class SpanBoxLocator
{
    /// <summary>The page and box of <c>[start, end)</c>, or null when the span touches no word.</summary>
    public static (int Page, BoundingBox Box)? Find(IReadOnlyList<WordBox> words, int start, int end)
    {
        if (words.Count == 0 || end <= start)
        {
            return null;
        }

        var first = FirstEndingAfter(words, start);
        if (first >= words.Count || words[first].Start >= end)
        {
            return null;
        }

        var page = words[first].Page;
        var box = words[first].Box;
        for (var i = first + 1; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Start >= end || word.Page != page)
            {
                break;
            }

            box = box.Union(word.Box);
        }

        return (page, box);
    }

    private static int FirstEndingAfter(IReadOnlyList<WordBox> words, int offset)
    {
        int low = 0, high = words.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (words[mid].End <= offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
