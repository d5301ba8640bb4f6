namespace Folio.Extraction.Isolation;

/// <summary>The worker's answer: the parsed document, or why it could not be parsed.</summary>
/// <param name="Document">The parsed document; null when parsing failed.</param>
/// <param name="Failure">Why parsing failed (when <paramref name="Document"/> is null).</param>
/// <param name="Message">The failure's message, safe to show the user.</param>
/// <param name="WorkerStops">The worker exits after this answer (it ran out of memory), so it is not reused.</param>
internal sealed record ParseReply(ParsedDocument? Document, ParseFailure Failure = default, string Message = "", bool WorkerStops = false)
{
    public static ParseReply Failed(DocumentParseException e) => new(null, e.Failure, e.Message);
}
