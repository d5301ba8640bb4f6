namespace Folio.Api.Infrastructure.Access;

/// <summary>What a key may do: <c>read</c> (list, get, search, ask, extract from stored documents); <c>write</c> (upload, delete; implies read); <c>admin</c> (keys and the audit log; implies write).</summary>
public enum KeyScope
{
    Read,
    Write,
    Admin,
}
