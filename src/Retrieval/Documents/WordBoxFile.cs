using System.Buffers.Binary;
using System.Collections;
using Folio.Extraction;
using Microsoft.Win32.SafeHandles;

namespace Folio.Retrieval.Documents;

/// <summary>
/// A document's word boxes on disk as fixed-size little-endian records ordered by offset
/// (start, end, page as int32; x0, y0, x1, y1 as float32), read record by record, so locating a
/// span's box in a 2,000-page manual reads a few dozen records instead of the whole list.
/// </summary>
internal sealed class WordBoxFile : IReadOnlyList<WordBox>, IDisposable
{
    private const int RecordSize = 28;
    private readonly SafeFileHandle _handle;

    private WordBoxFile(SafeFileHandle handle, int count)
    {
        _handle = handle;
        Count = count;
    }

    public int Count { get; }

    public WordBox this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            Span<byte> record = stackalloc byte[RecordSize];
            RandomAccess.Read(_handle, record, (long)index * RecordSize);
            return new WordBox(
                BinaryPrimitives.ReadInt32LittleEndian(record),
                BinaryPrimitives.ReadInt32LittleEndian(record[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(record[8..]),
                new BoundingBox(
                    BinaryPrimitives.ReadSingleLittleEndian(record[12..]),
                    BinaryPrimitives.ReadSingleLittleEndian(record[16..]),
                    BinaryPrimitives.ReadSingleLittleEndian(record[20..]),
                    BinaryPrimitives.ReadSingleLittleEndian(record[24..])));
        }
    }

    public static void Write(string path, IReadOnlyList<WordBox> words)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        var record = new byte[RecordSize];
        foreach (var word in words)
        {
            BinaryPrimitives.WriteInt32LittleEndian(record, word.Start);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), word.End);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), word.Page);
            BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(12), (float)word.Box.X0);
            BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(16), (float)word.Box.Y0);
            BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(20), (float)word.Box.X1);
            BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(24), (float)word.Box.Y1);
            stream.Write(record);
        }
    }

    /// <summary>Opens the file, or null when the document has no boxes.</summary>
    public static WordBoxFile? Open(string path)
    {
        // No existence check first: a delete can remove the file between the check and the open.
        try
        {
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return new WordBoxFile(handle, (int)(RandomAccess.GetLength(handle) / RecordSize));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public IEnumerator<WordBox> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _handle.Dispose();
}
