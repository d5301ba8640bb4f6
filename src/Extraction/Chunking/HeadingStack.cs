namespace Folio.Extraction.Chunking;

/// <summary>
/// The headings open at the current point of a document, outermost first: a Title is level 0, a
/// Heading its outline level (1 when unknown); a heading closes every open heading at its level or deeper.
/// </summary>
internal sealed class HeadingStack
{
    private const int MaxHeadingCharacters = 80;

    private readonly List<(int Level, string Text)> _open = [];

    /// <summary>
    /// The open headings' texts, outermost first; each cut to 80 characters at a word boundary. A heading
    /// repeating the one above it (an HTML page whose h1 repeats its title) appears once.
    /// </summary>
    public IReadOnlyList<string> Texts => _open.Where((h, i) => i == 0 || h.Text != _open[i - 1].Text).Select(h => h.Text).ToList();

    /// <summary>The outline level a block opens, or null when it is no heading.</summary>
    public static int? LevelOf(Block block) => block.Kind switch
    {
        BlockKind.Title => 0,
        BlockKind.Heading => Math.Max(1, block.Level ?? 1),
        _ => null,
    };

    /// <summary>Closes the headings at <paramref name="level"/> or deeper (what a new heading at that level ends).</summary>
    public void CloseFrom(int level)
    {
        while (_open.Count > 0 && _open[^1].Level >= level)
        {
            _open.RemoveAt(_open.Count - 1);
        }
    }

    /// <summary>Opens a heading; call <see cref="CloseFrom"/> first.</summary>
    public void Open(int level, string text) => _open.Add((level, Shorten(text)));

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        if (line.Length <= MaxHeadingCharacters)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', MaxHeadingCharacters);
        cut = cut > 0 ? cut : char.IsHighSurrogate(line[MaxHeadingCharacters - 1]) ? MaxHeadingCharacters - 1 : MaxHeadingCharacters;
        return line[..cut] + "…";
    }
}
