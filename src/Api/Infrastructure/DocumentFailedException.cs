using Folio.Retrieval.Documents;

namespace Folio.Api.Infrastructure;

/// <summary>The document failed ingestion, so there is nothing to work on; becomes a 422 with the document's own error code.</summary>
internal sealed class DocumentFailedException(string documentId, DocumentError? error)
    : Exception($"Document '{documentId}' failed: {error?.Detail ?? "no detail"}")
{
    public string ErrorCode { get; } = error?.Code ?? "document_unreadable";
}
