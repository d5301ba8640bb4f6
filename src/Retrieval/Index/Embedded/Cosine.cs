using System.Numerics;
using System.Runtime.InteropServices;

namespace Folio.Retrieval.Index.Embedded;

/// <summary>Exact cosine similarity (the peer of the HNSW graph, and the path for selective filters).</summary>
internal static class Cosine
{
    /// <summary>cos(a, b); 0 when either vector is zero.</summary>
    public static double Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Vectors differ in length.", nameof(b));
        }

        float dot = 0, aa = 0, bb = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            Vector<float> d = default, x = default, y = default;
            for (var j = 0; j < va.Length; j++)
            {
                d += va[j] * vb[j];
                x += va[j] * va[j];
                y += vb[j] * vb[j];
            }

            dot = Vector.Sum(d);
            aa = Vector.Sum(x);
            bb = Vector.Sum(y);
            i = va.Length * Vector<float>.Count;
        }

        for (; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt((double)aa * bb);
    }
}
