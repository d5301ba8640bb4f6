using System.Text;
using Folio.Extraction.Pdf;

namespace Folio.Extraction.Tests.Pdf;

public sealed class XrefStreamWidthGuardTests
{
    [Theory]
    [InlineData("<< /Type /XRef /W [1 2 1] /Size 5 >>", true)]
    [InlineData("<< /Type/XRef/W[1 2 166666666666666666666666666]/Size 5 >>", false)]
    [InlineData("<< /Type /XRef /W [1 40 1] >>", false)]
    [InlineData("<< /Type /Font /W [1 100 500] >>", true)]
    [InlineData("<< /Type /XRef /Width 1000 /W [0 4 2] >>", true)]
    public void Refuses_only_absurd_xref_field_widths(string pdf, bool safe) =>
        Assert.Equal(safe, XrefStreamWidthGuard.LooksSafe(Encoding.ASCII.GetBytes(pdf)));
}
