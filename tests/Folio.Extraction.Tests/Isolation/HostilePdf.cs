using System.Globalization;
using System.Text;

namespace Folio.Extraction.Tests.Isolation;

/// <summary>PDFs written byte by byte, for inputs no PDF writer would produce.</summary>
internal static class HostilePdf
{
    /// <summary>
    /// One page drawing a form XObject that draws the next, <paramref name="depth"/> deep: PdfPig follows
    /// the chain by recursion and overflows a thread's stack, which no <c>catch</c> survives (2,000 is
    /// enough on a 1.5 MiB thread stack in PdfPig 0.1.16; the file is ~170 bytes a level).
    /// </summary>
    public static byte[] NestedForms(int depth)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> >> /Contents 4 0 R >>",
            Stream(string.Empty, "/X1 Do"),
        };
        for (var level = 0; level < depth; level++)
        {
            var last = level == depth - 1;
            var next = last ? string.Empty : $"/Resources << /XObject << /X1 {objects.Count + 2} 0 R >> >>";
            objects.Add(Stream($"/Type /XObject /Subtype /Form /BBox [0 0 1 1] {next}", last ? string.Empty : "/X1 Do"));
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    private static string Stream(string dictionary, string content) =>
        $"<< {dictionary} /Length {content.Length} >>\nstream\n{content}\nendstream";
}
