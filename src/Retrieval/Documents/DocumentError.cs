namespace Folio.Retrieval.Documents;

/// <summary>Why a document failed (or last failed, while it retries): a stable code and a message for users.</summary>
public sealed record DocumentError(string Code, string Detail);
