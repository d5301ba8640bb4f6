namespace Folio.Retrieval.Documents;

/// <summary>
/// The resolved data folder, held by this process alone: <c>folio.lock</c> stays open with an exclusive
/// lock (<see cref="FileShare.None"/>, an advisory <c>flock</c> on Linux) while the process runs, so a second
/// Folio on the same folder refuses to start instead of requeueing the first one's work. Uploads stream into
/// its <c>uploads</c> subfolder, so adopting one as a document's original is a rename on the same disk; what
/// a killed process left there is swept here, before any request can be writing to it.
/// </summary>
public sealed class DataFolder : IDisposable
{
    private readonly FileStream _lock;

    private DataFolder(string root, FileStream lockFile)
    {
        Root = root;
        _lock = lockFile;
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <summary>Where uploads stream before a document adopts them (same disk as the documents).</summary>
    public string Uploads => Path.Combine(Root, "uploads");

    // The embedded index's folder (EmbeddedChunkIndex puts it under the data folder).
    private string Index => Path.Combine(Root, "index");

    /// <summary>Locks the folder (creating it if needed), then clears the uploads a killed process left and moves an old nested index into place.</summary>
    /// <exception cref="InvalidOperationException">Another process holds the folder.</exception>
    public static DataFolder Open(string root)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        var lockPath = Path.Combine(root, "folio.lock");
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The data folder '{root}' is in use by another Folio process (it holds '{lockPath}'). Stop that process, or give this one its own Storage:DataFolder.", e);
        }

        var folder = new DataFolder(root, lockFile);
        if (Directory.Exists(folder.Uploads))
        {
            Directory.Delete(folder.Uploads, recursive: true);
        }

        Directory.CreateDirectory(folder.Uploads);
        folder.MoveNestedIndex();
        return folder;
    }

    /// <summary>Releases the folder's lock.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Versions before 2026-11-29 kept the embedded index in <c>index/index</c>. Two directory renames move it
    /// to <c>index</c> (<c>index</c> → <c>index.moving</c>, <c>index.moving/index</c> → <c>index</c>); a crash
    /// between them is finished at the next start.
    /// </summary>
    private void MoveNestedIndex()
    {
        var moving = Path.Combine(Root, "index.moving");
        if (Directory.Exists(Path.Combine(Index, "index")) && !File.Exists(Path.Combine(Index, "chunks.db")))
        {
            Directory.Move(Index, moving);
        }

        if (Directory.Exists(moving))
        {
            if (!Directory.Exists(Index))
            {
                Directory.Move(Path.Combine(moving, "index"), Index);
            }

            Directory.Delete(moving, recursive: true);
        }
    }
}
