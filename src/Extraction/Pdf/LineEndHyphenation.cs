namespace Folio.Extraction.Pdf;

/// <summary>
/// Decides whether a word broken across a line end ("docu-" / "ment") is one word. Joined when the first
/// part ends in a hyphen after at least two letters and the next line starts with a lowercase letter; the
/// hyphen is then dropped. Compounds that really carry a hyphen ("well-known" broken after the hyphen) lose
/// it too: without a dictionary the two cases cannot be told apart, and for search the joined word is the
/// better guess.
/// </summary>
internal static class LineEndHyphenation
{
    public static bool Joins(string lineEnd, string nextLineStart) =>
        lineEnd.Length >= 3
        && lineEnd[^1] is '-' or '\u2010'
        && char.IsLetter(lineEnd[^2])
        && char.IsLetter(lineEnd[^3])
        && nextLineStart.Length > 0
        && char.IsLower(nextLineStart[0]);
}
