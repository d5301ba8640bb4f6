using System.Text.Json.Serialization;

namespace Folio.Api.Features.Files;

/// <summary>OpenAI's file object; <c>status</c> is always <c>processed</c> (the field is deprecated there but clients still read it).</summary>
public sealed record FileResponse(
    string Id,
    [property: JsonPropertyName("object")] string Object,
    long Bytes,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    string Filename,
    string Purpose,
    string Status)
{
    public static FileResponse From(FileRecord file) =>
        new(file.Id, "file", file.Bytes, file.CreatedAt.ToUnixTimeSeconds(), file.FileName, file.Purpose, "processed");
}
