using System.Globalization;
using System.Text;

namespace Folio.Api.Infrastructure;

/// <summary>
/// The opaque <c>cursor</c> of a paged list that is read by position (chunks, a page's words): the kind of
/// item and the index to go on from, base64-encoded, so a cursor from one list is refused by another.
/// </summary>
internal static class IndexCursor
{
    public static string Encode(string kind, int index) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + ":" + index.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The index, or null when <paramref name="cursor"/> is not a cursor of <paramref name="kind"/>.</summary>
    public static int? Decode(string kind, string cursor)
    {
        var bytes = new byte[cursor.Length];
        return Convert.TryFromBase64String(cursor, bytes, out var written)
            && Encoding.UTF8.GetString(bytes, 0, written) is var text && text.StartsWith(kind + ":", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(kind.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? index
                : null;
    }
}
