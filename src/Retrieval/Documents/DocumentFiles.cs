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

    private readonly string _root;

    /// <summary>Uses <c>{dataFolder}/documents</c>.</summary>
    public DocumentFiles(string dataFolder)
    {
        _root = Path.Combine(dataFolder, "documents");
        Directory.CreateDirectory(_root);
    }

    /// <summary>Moves an uploaded temporary file into place as the document's original, unless one is already there.</summary>
    public void AdoptOriginal(string documentId, string uploadedPath)
    {
        var target = Original(documentId);
        Directory.CreateDirectory(Folder(documentId));
        try
        {
            File.Move(uploadedPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // The same bytes were stored already (or by a concurrent upload a moment ago): keep those.
        }
    }

    /// <summary>Opens the original bytes for reading; null when missing.</summary>
    public FileStream? OpenOriginal(string documentId) =>
        File.Exists(Original(documentId)) ? new FileStream(Original(documentId), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null;

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

    /// <summary>Removes everything stored for the document.</summary>
    public void Delete(string documentId)
    {
        if (Directory.Exists(Folder(documentId)))
        {
            Directory.Delete(Folder(documentId), recursive: true);
        }
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
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken);
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
