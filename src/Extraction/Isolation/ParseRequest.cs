namespace Folio.Extraction.Isolation;

/// <summary>What the worker process is asked to parse; the file's bytes follow it on the pipe.</summary>
/// <param name="FileName">The file's name (kept in the result; tells text formats apart).</param>
/// <param name="Options">The limits to parse under.</param>
internal sealed record ParseRequest(string FileName, ParsingOptions Options);
