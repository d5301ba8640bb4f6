namespace Folio.Extraction.Pdf;

/// <summary>
/// Rejects cross-reference streams whose <c>/W</c> field widths are absurd before PdfPig sees them:
/// PdfPig 0.1.16 overflows the stack on <c>/W[1 2 166666666666666666666666666]</c> (pdf.js corpus file
/// REDHAT-1531897-0.pdf), and a stack overflow cannot be caught: it would end the whole process. The PDF
/// spec's widths are byte counts of one xref entry's fields, in practice 0–8; anything over
/// <see cref="MaxFieldWidth"/> (or not a small integer) within a <c>/XRef</c> dictionary is refused.
/// </summary>
internal static class XrefStreamWidthGuard
{
    private const int MaxFieldWidth = 16;
    private const int Window = 512;

    public static bool LooksSafe(ReadOnlySpan<byte> pdf)
    {
        var offset = 0;
        while (true)
        {
            var found = pdf[offset..].IndexOf("/XRef"u8);
            if (found < 0)
            {
                return true;
            }

            var at = offset + found;
            var start = Math.Max(0, at - Window);
            var end = Math.Min(pdf.Length, at + Window);
            if (!WidthsAreSane(pdf[start..end]))
            {
                return false;
            }

            offset = at + 5;
        }
    }

    private static bool WidthsAreSane(ReadOnlySpan<byte> dictionary)
    {
        var offset = 0;
        while (true)
        {
            var found = dictionary[offset..].IndexOf("/W"u8);
            if (found < 0)
            {
                return true;
            }

            var i = offset + found + 2;
            offset = i;
            if (i < dictionary.Length && IsNameCharacter(dictionary[i]))
            {
                continue; // "/Width" and the like, not "/W".
            }

            while (i < dictionary.Length && dictionary[i] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
            {
                i++;
            }

            if (i >= dictionary.Length || dictionary[i] != '[')
            {
                continue;
            }

            var digits = 0;
            for (i++; i < dictionary.Length && dictionary[i] != ']'; i++)
            {
                if (dictionary[i] is >= (byte)'0' and <= (byte)'9')
                {
                    digits++;
                    if (digits > 2)
                    {
                        return false;
                    }
                }
                else
                {
                    digits = 0;
                }

                if (digits == 2 && (dictionary[i - 1] - '0') * 10 + (dictionary[i] - '0') > MaxFieldWidth)
                {
                    return false;
                }
            }
        }
    }

    private static bool IsNameCharacter(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z');
}
