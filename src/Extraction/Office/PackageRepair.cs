using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Folio.Extraction.Office;

/// <summary>
/// Drops relationships the Open XML SDK refuses to open a package over, though the text is intact:
/// internal targets that are not in the ZIP (parts stripped by tools such as openxlsx) and
/// relationships without an id or target. Only the <c>.rels</c> parts change, in a copy.
/// </summary>
internal static class PackageRepair
{
    private const string RelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>A repaired copy of the package, or null when it needs none.</summary>
    public static MemoryStream? Repair(Stream content)
    {
        var fixes = new Dictionary<string, XDocument>(StringComparer.Ordinal);
        content.Position = 0;
        using (var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true))
        {
            var parts = new HashSet<string>(zip.Entries.Select(e => e.FullName.TrimStart('/')), StringComparer.OrdinalIgnoreCase);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase) && e.Length < 16 * 1024 * 1024))
            {
                if (Load(entry) is not { Root: { } root } rels)
                {
                    continue;
                }

                var folder = SourceFolder(entry.FullName.TrimStart('/'));
                var broken = root.Elements(XName.Get("Relationship", RelationshipsNamespace))
                    .Where(r => IsBroken(r, folder, parts)).ToList();
                if (broken.Count > 0)
                {
                    broken.ForEach(r => r.Remove());
                    fixes[entry.FullName] = rels;
                }
            }
        }

        content.Position = 0;
        if (fixes.Count == 0)
        {
            return null;
        }

        var copy = new MemoryStream();
        content.CopyTo(copy);
        content.Position = 0;
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var (name, rels) in fixes)
            {
                zip.GetEntry(name)?.Delete();
                using var stream = zip.CreateEntry(name).Open();
                rels.Save(stream);
            }
        }

        copy.Position = 0;
        return copy;
    }

    private static bool IsBroken(XElement relationship, string folder, HashSet<string> parts)
    {
        var target = (string?)relationship.Attribute("Target");
        if (relationship.Attribute("Id") is null || string.IsNullOrEmpty(target) || relationship.Attribute("Type") is null)
        {
            return true;
        }

        if ((string?)relationship.Attribute("TargetMode") == "External"
            || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var path = Uri.UnescapeDataString(target.Split('#')[0]);
        if (path.Length == 0)
        {
            return false;
        }

        var segments = new List<string>();
        foreach (var segment in (path.StartsWith('/') ? path : folder + path).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return !parts.Contains(string.Join('/', segments));
    }

    /// <summary>"xl/_rels/workbook.xml.rels" describes "xl/workbook.xml", so its targets are relative to "xl/".</summary>
    private static string SourceFolder(string relsName)
    {
        var marker = relsName.LastIndexOf("_rels/", StringComparison.Ordinal);
        return marker < 0 ? string.Empty : relsName[..marker];
    }

    private static XDocument? Load(ZipArchiveEntry entry)
    {
        try
        {
            using var stream = entry.Open();
            return XDocument.Load(stream);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
