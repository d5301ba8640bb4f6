using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Extraction;
using Folio.Extraction.Chunking;

namespace Folio.Retrieval.Documents;

/// <summary>
/// A document's files in the data folder, one folder per document: the original bytes, the parsed
/// document (JSON), its chunks (JSON) and its word boxes (binary, PDF only). Writes go to a temporary
/// name and are renamed into place, so a crash never leaves half a file that looks whole.
/// </summary>
public sealed class DocumentFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // Folders renamed aside by a delete; the leading dot keeps them apart from document ids (d_…).
    private const string DeletedPrefix = ".deleted-";

    private readonly string _root;

    /// <summary>Uses <c>{dataFolder}/documents</c>.</summary>
    public DocumentFiles(string dataFolder)
    {
        _root = Path.Combine(dataFolder, "documents");
        Directory.CreateDirectory(_root);
    }

    /// <summary>
    /// Moves an uploaded temporary file into place as the document's original, its bytes flushed to disk
    /// first, so a row committed after this call never names a file that power loss could leave empty.
    /// An original already there is kept when its SHA-256 is <paramref name="sha256"/>, and replaced when
    /// it is not (damaged, or cut short by a crash). Call under the document's lock (<see cref="DocumentLocks"/>).
    /// </summary>
    /// <returns>Whether the upload became the original (false: an intact original was already there).</returns>
    public bool AdoptOriginal(string documentId, string uploadedPath, string sha256)
    {
        var target = Original(documentId);
        if (File.Exists(target) && Sha256Of(target) == sha256)
        {
            return false;
        }

        using (var upload = new FileStream(uploadedPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            upload.Flush(flushToDisk: true);
        }

        Directory.CreateDirectory(Folder(documentId));
        File.Move(uploadedPath, target, overwrite: true);
        return true;
    }

    /// <summary>Opens the original bytes for reading; null when missing (or removed by a delete a moment ago).</summary>
    public FileStream? OpenOriginal(string documentId) => OpenIfPresent(Original(documentId));

    /// <summary>Stores the parsed document: JSON without its word boxes, which go to a binary file.</summary>
    public async Task SaveParsedAsync(string documentId, ParsedDocument document, CancellationToken cancellationToken = default)
    {
        WordBoxFile.Write(Temporary(Boxes(documentId)), document.WordBoxes);
        await WriteJsonAsync(Parsed(documentId), document with { WordBoxes = [] }, cancellationToken);
        File.Move(Temporary(Boxes(documentId)), Boxes(documentId), overwrite: true);
    }

    /// <summary>The parsed document without word boxes (use <see cref="FindBox"/> for boxes); null when not parsed yet.</summary>
    public Task<ParsedDocument?> LoadParsedAsync(string documentId, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<ParsedDocument>(Parsed(documentId), cancellationToken);

    /// <summary>Stores the chunks.</summary>
    public Task SaveChunksAsync(string documentId, IReadOnlyList<Chunk> chunks, CancellationToken cancellationToken = default) =>
        WriteJsonAsync(ChunksPath(documentId), chunks, cancellationToken);

    /// <summary>The chunks; null when not chunked yet.</summary>
    public Task<IReadOnlyList<Chunk>?> LoadChunksAsync(string documentId, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<IReadOnlyList<Chunk>>(ChunksPath(documentId), cancellationToken);

    /// <summary>
    /// The stored parsed document's JSON (word boxes left out), opened for streaming to a client without
    /// loading it; null when not parsed yet. Deleting or replacing the file does not disturb a reader.
    /// </summary>
    public FileStream? OpenParsedJson(string documentId) => OpenForReading(Parsed(documentId));

    /// <summary>
    /// Up to <paramref name="take"/> chunks from index <paramref name="skip"/>, read from the stored
    /// array as a stream, so a page costs its own chunks, not the document's; null when not chunked yet.
    /// </summary>
    public async Task<IReadOnlyList<Chunk>?> ReadChunksAsync(string documentId, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (OpenForReading(ChunksPath(documentId)) is not { } stream)
        {
            return null;
        }

        await using (stream)
        {
            var page = new List<Chunk>();
            var index = 0;
            await foreach (var chunk in JsonSerializer.DeserializeAsyncEnumerable<Chunk>(stream, Json, cancellationToken))
            {
                if (index++ < skip || chunk is null)
                {
                    continue;
                }

                if (page.Count == take)
                {
                    break;
                }

                page.Add(chunk);
            }

            return page;
        }
    }

    /// <summary>The page and PDF box of a span of the document's text; null for documents without boxes.</summary>
    public (int Page, BoundingBox Box)? FindBox(string documentId, int start, int end)
    {
        using var boxes = WordBoxFile.Open(Boxes(documentId));
        return boxes is null ? null : SpanBoxLocator.Find(boxes, start, end);
    }

    /// <summary>
    /// Up to <paramref name="take"/> word boxes of <paramref name="page"/>, from its <paramref name="skip"/>-th word,
    /// in offset order; empty for documents without boxes (not a PDF), null when not parsed yet. The page's first
    /// word is found by binary search, because parsers write a page's text before the next page's: boxes ordered
    /// by offset are ordered by page too. A page costs its own records, not the document's.
    /// </summary>
    public IReadOnlyList<WordBox>? ReadPageWords(string documentId, int page, int skip, int take)
    {
        using var boxes = WordBoxFile.Open(Boxes(documentId));
        if (boxes is null)
        {
            return null;
        }

        int low = 0, high = boxes.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (boxes[mid].Page < page)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var words = new List<WordBox>();
        for (var i = (long)low + skip; i < boxes.Count && words.Count < take && boxes[(int)i].Page == page; i++)
        {
            words.Add(boxes[(int)i]);
        }

        return words;
    }

    /// <summary>
    /// Removes everything stored for the document. The folder is first renamed aside (atomic), so a file
    /// a worker is writing or another delete is removing cannot make this fail half-way; what cannot be
    /// removed now is swept at the next start.
    /// </summary>
    public void Delete(string documentId)
    {
        var aside = Path.Combine(_root, DeletedPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.Move(Folder(documentId), aside);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }
        catch (IOException)
        {
            // Windows refuses to move a folder with an open file (a download in progress): remove what can be now.
            RemoveQuietly(Folder(documentId));
            return;
        }

        RemoveQuietly(aside);
    }

    /// <summary>The ids of the documents that have a folder, and removes folders that deletes left behind.</summary>
    public IReadOnlyList<string> StoredIds()
    {
        var ids = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith(DeletedPrefix, StringComparison.Ordinal))
            {
                RemoveQuietly(folder);
            }
            else
            {
                ids.Add(name);
            }
        }

        return ids;
    }

    private static void RemoveQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Something still writes there (a worker finishing a stage); StoredIds removes it at the next start.
        }
    }

    private static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private async Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = File.Create(Temporary(path)))
        {
            await JsonSerializer.SerializeAsync(stream, value, Json, cancellationToken);
        }

        File.Move(Temporary(path), path, overwrite: true);
    }

    private static async Task<T?> ReadJsonAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        await using var stream = OpenIfPresent(path);
        return stream is null ? null : await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken);
    }

    // No existence check first: a delete can remove the file between the check and the open.
    private static FileStream? OpenIfPresent(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static FileStream? OpenForReading(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string Folder(string documentId) => Path.Combine(_root, documentId);

    private string Original(string documentId) => Path.Combine(Folder(documentId), "original");

    private string Parsed(string documentId) => Path.Combine(Folder(documentId), "parsed.json");

    private string ChunksPath(string documentId) => Path.Combine(Folder(documentId), "chunks.json");

    private string Boxes(string documentId) => Path.Combine(Folder(documentId), "words.bin");

    private static string Temporary(string path) => path + ".tmp";
}
