using System.Reflection;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// The two USearch C functions the C# wrapper (2.26.6) does not expose the way Folio needs: reserving room
/// for a whole batch, and adding from several threads at once (USearch's insert is thread-safe once capacity
/// is reserved; the wrapper's batch <c>Add</c> loops on the calling thread, about 1,000 adds/s at 100k
/// vectors). The wrapper keeps its native handle private, so it is read by reflection; a wrapper without
/// that field fails at start-up here rather than at the first add.
/// </summary>
internal static class USearchNative
{
    private const string Library = "libusearch_c";

    private static readonly FieldInfo HandleField = typeof(USearchIndex).GetField("_index", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("Cloud.Unum.USearch no longer has the private '_index' handle Folio reads; check USearchNative against the new version.");

    /// <summary>Makes room for <paramref name="capacity"/> vectors (and a thread context per hardware thread).</summary>
    public static void Reserve(USearchIndex index, ulong capacity)
    {
        usearch_reserve(Handle(index), (nuint)capacity, out var error);
        ThrowIfFailed(error);
    }

    /// <summary>Adds one f32 vector; safe to call from several threads once capacity is reserved.</summary>
    public static void Add(USearchIndex index, ulong key, float[] vector)
    {
        usearch_add(Handle(index), key, vector, ScalarKind.Float32, out var error);
        ThrowIfFailed(error);
    }

    private static IntPtr Handle(USearchIndex index) => (IntPtr)HandleField.GetValue(index)!;

    private static void ThrowIfFailed(IntPtr error)
    {
        if (error != IntPtr.Zero)
        {
            throw new InvalidOperationException($"USearch operation failed: {Marshal.PtrToStringAnsi(error)}");
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void usearch_add(IntPtr index, ulong key, [In] float[] vector, ScalarKind kind, out IntPtr error);
}
