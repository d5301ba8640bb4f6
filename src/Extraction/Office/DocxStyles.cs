using DocumentFormat.OpenXml.Wordprocessing;

namespace Folio.Extraction.Office;

/// <summary>
/// What a DOCX paragraph style means for structure: a heading level, the Title style, or list
/// numbering. Resolved through <c>w:basedOn</c> (cycles and chains deeper than 32 are cut), so a
/// custom style based on "heading 2" is a level-2 heading.
/// </summary>
internal sealed class DocxStyles
{
    private const int MaxChain = 32;
    private readonly Dictionary<string, Style> _styles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StyleMeaning> _resolved = new(StringComparer.Ordinal);

    public DocxStyles(Styles? styles)
    {
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id && (style.Type?.Value is null || style.Type.Value == StyleValues.Paragraph))
            {
                _styles.TryAdd(id, style);
            }
        }
    }

    /// <summary>The meaning of a paragraph style id; <see cref="StyleMeaning.None"/> for unknown ids.</summary>
    public StyleMeaning Resolve(string? styleId)
    {
        if (styleId is null)
        {
            return StyleMeaning.None;
        }

        if (!_resolved.TryGetValue(styleId, out var meaning))
        {
            meaning = Compute(styleId);
            _resolved[styleId] = meaning;
        }

        return meaning;
    }

    private StyleMeaning Compute(string styleId)
    {
        int? headingLevel = null;
        var isTitle = false;
        bool? numbered = null;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var id = styleId; id is not null && visited.Count < MaxChain && visited.Add(id) && _styles.TryGetValue(id, out var style);
             id = style.BasedOn?.Val?.Value)
        {
            // The nearest style in the chain that says anything wins, as in Word's inheritance.
            var name = style.StyleName?.Val?.Value ?? string.Empty;
            if (headingLevel is null && !isTitle)
            {
                if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline)
                {
                    headingLevel = outline is >= 0 and <= 8 ? outline + 1 : 0;
                }
                else if ((HeadingLevelFromName(name) ?? HeadingLevelFromName(id)) is { } named)
                {
                    headingLevel = named;
                }
                else if (name.Equals("Title", StringComparison.OrdinalIgnoreCase) || id.Equals("Title", StringComparison.Ordinal))
                {
                    isTitle = true;
                }
            }

            if (numbered is null && style.StyleParagraphProperties?.NumberingProperties is { } numPr)
            {
                numbered = numPr.NumberingId?.Val?.Value is not (null or 0);
            }
        }

        return new StyleMeaning(headingLevel is > 0 ? headingLevel : null, isTitle, numbered == true);
    }

    private static int? HeadingLevelFromName(string name)
    {
        // Built-in names are "heading 1".."heading 9" whatever the UI language; ids are "Heading1".
        var trimmed = name.Replace(" ", string.Empty, StringComparison.Ordinal);
        return trimmed.Length == 8 && trimmed.StartsWith("heading", StringComparison.OrdinalIgnoreCase)
            && trimmed[7] is >= '1' and <= '9'
            ? trimmed[7] - '0'
            : null;
    }

    /// <summary>A paragraph style's structural meaning.</summary>
    /// <param name="HeadingLevel">1–9 for heading styles, else null.</param>
    /// <param name="IsTitle">The style is (based on) Title.</param>
    /// <param name="IsNumbered">The style carries list numbering.</param>
    public sealed record StyleMeaning(int? HeadingLevel, bool IsTitle, bool IsNumbered)
    {
        public static StyleMeaning None { get; } = new(null, false, false);
    }
}
