namespace Folio.Api.Infrastructure.Access;

/// <summary>One audited action: which key (its id, never the key) did what to which collection and document, when.</summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string KeyId, string Action, string? Collection, string? DocumentId, string? Target);
