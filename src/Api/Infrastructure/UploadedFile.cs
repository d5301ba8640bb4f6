namespace Folio.Api.Infrastructure;

/// <summary>A file from a multipart upload, streamed to a temporary file that is deleted on dispose.</summary>
public sealed class UploadedFile(string fileName, string path, long length) : IDisposable
{
    public string FileName { get; } = fileName;

    public string Path { get; } = path;

    public long Length { get; } = length;

    public FileStream OpenRead() => new(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // A reader still holds it open; DataFolder sweeps the uploads folder at the next start.
        }
    }
}
