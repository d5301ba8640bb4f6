namespace Folio.Api.Infrastructure;

/// <summary>
/// The resolved data folder. Uploads stream into its <c>uploads</c> subfolder, so adopting one as a
/// document's original is a rename on the same disk; what a killed process left there is swept when
/// the folder is first resolved, before any request can be writing to it.
/// </summary>
internal sealed record DataFolder
{
    private DataFolder(string root) => Root = root;

    public string Root { get; }

    public string Uploads => Path.Combine(Root, "uploads");

    public static DataFolder Open(string root)
    {
        var folder = new DataFolder(Path.GetFullPath(root));
        if (Directory.Exists(folder.Uploads))
        {
            Directory.Delete(folder.Uploads, recursive: true);
        }

        Directory.CreateDirectory(folder.Uploads);
        return folder;
    }
}
