using System.ComponentModel.DataAnnotations;

namespace Folio.Api.Infrastructure.Access;

/// <summary>Access settings (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The bootstrap admin key (all scopes, every collection), e.g. from <c>Folio__Auth__AdminKey</c>; it turns keys on.
    /// At least 32 characters (generate one with <c>openssl rand -base64 32</c>). Default: none.
    /// </summary>
    [MinLength(32)]
    public string? AdminKey { get; set; }
}
