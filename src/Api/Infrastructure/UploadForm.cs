using System.Security.Cryptography;
using Folio.Extraction;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Folio.Api.Infrastructure;

/// <summary>
/// A multipart/form-data body read section by section: files stream to disk (never wholly into
/// memory) and the size limits (per file, and for all of them together) answer as
/// soon as they are crossed, before the rest is read. Each text field is handed to a check as soon
/// as it arrives, so a field sent before the files is refused before any file byte is written; one
/// sent after them fails the request as it arrives and the files read so far are deleted.
/// </summary>
internal sealed class UploadForm : IDisposable
{
    private const int MaxFieldLength = 4096;
    private const int MaxFields = 256;

    private UploadForm(List<UploadedFile> files, Dictionary<string, List<string>> fields)
    {
        Files = files;
        Fields = fields;
    }

    public IReadOnlyList<UploadedFile> Files { get; }

    public IReadOnlyDictionary<string, List<string>> Fields { get; }

    public string? Field(string name) => Fields.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Reads the form; <paramref name="checkField"/> sees each text field (name, value) when it arrives and throws to refuse it.</summary>
    public static async Task<UploadForm> ReadAsync(HttpRequest request, string tempFolder, long maxFileBytes, int maxFiles, long maxTotalBytes,
        Action<string, string> checkField, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new RequestValidationException("file", "Send the document as multipart/form-data with a field named 'file'.");
        }

        // The server-wide body limit is small (JSON requests); an upload may carry up to maxFiles files,
        // maxTotalBytes in all. Kestrel refuses a larger declared Content-Length at once; a chunked
        // body is counted below, file by file.
        var fileBudget = Math.Min((long)maxFiles * maxFileBytes, maxTotalBytes);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = fileBudget + MaxFields * MaxFieldLength * 4L;
        }

        Directory.CreateDirectory(tempFolder);
        var files = new List<UploadedFile>();
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var form = new UploadForm(files, fields);
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                if (disposition.IsFileDisposition())
                {
                    if (name != "file")
                    {
                        continue;
                    }

                    if (files.Count == maxFiles)
                    {
                        throw new RequestValidationException("file", $"At most {maxFiles} files per request.");
                    }

                    var fileName = System.IO.Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "upload");
                    fileName = fileName.Length == 0 ? "upload" : fileName;
                    var left = fileBudget - files.Sum(f => f.Length);
                    var tooLarge = left < maxFileBytes
                        ? $"The upload is larger than the limit of {maxTotalBytes:N0} bytes per request."
                        : $"'{fileName}' is larger than the limit of {maxFileBytes:N0} bytes.";
                    files.Add(await SaveAsync(section.Body, fileName, tempFolder, Math.Min(maxFileBytes, left), tooLarge, cancellationToken));
                }
                else
                {
                    using var text = new StreamReader(section.Body);
                    var buffer = new char[MaxFieldLength + 1];
                    var read = await text.ReadBlockAsync(buffer, cancellationToken);
                    if (read > MaxFieldLength)
                    {
                        throw new RequestValidationException(name, $"Form fields are limited to {MaxFieldLength} characters.");
                    }

                    if (fields.Values.Sum(v => v.Count) == MaxFields)
                    {
                        throw new RequestValidationException(name, $"At most {MaxFields} form fields per request.");
                    }

                    if (!fields.TryGetValue(name, out var values))
                    {
                        fields[name] = values = [];
                    }

                    var value = new string(buffer, 0, read);
                    checkField(name, value);
                    values.Add(value);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException)
        {
            form.Dispose();
            throw new RequestValidationException("file", "The multipart body is malformed or was cut short.");
        }
        catch
        {
            form.Dispose();
            throw;
        }

        if (files.Count == 0)
        {
            form.Dispose();
            throw new RequestValidationException("file", "The form has no field named 'file'.");
        }

        return form;
    }

    public void Dispose()
    {
        foreach (var file in Files)
        {
            file.Dispose();
        }
    }

    private static async Task<UploadedFile> SaveAsync(Stream body, string fileName, string tempFolder, long maxBytes, string tooLarge, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(tempFolder, "upload-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        var buffer = new byte[81920];
        long total = 0;
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    await target.DisposeAsync();
                    File.Delete(path);
                    throw new DocumentParseException(ParseFailure.DocumentTooLarge, tooLarge);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return new UploadedFile(fileName, path, total);
    }
}
