using Folio.Retrieval.Documents;

namespace Folio.Api.Infrastructure;

/// <summary>The document exists but has not reached the state the request needs; becomes a 409 <c>document_not_ready</c>.</summary>
internal sealed class DocumentNotReadyException(string documentId, DocumentStatus status)
    : Exception($"Document '{documentId}' is {status.ToString().ToLowerInvariant()}; try again when it is ready.");
