using System.Text.Json;

namespace Folio.Extraction;

/// <summary>A document that cannot be parsed, with the reason as a stable error code.</summary>
public sealed class DocumentParseException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is safe to show to the user.</summary>
    public DocumentParseException(ParseFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Why parsing failed.</summary>
    public ParseFailure Failure { get; }

    /// <summary>The snake_case error code, e.g. <c>document_encrypted</c>.</summary>
    public string ErrorCode => JsonNamingPolicy.SnakeCaseLower.ConvertName(Failure.ToString());
}
