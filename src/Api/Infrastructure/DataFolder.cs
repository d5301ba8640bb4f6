namespace Folio.Api.Infrastructure;

/// <summary>The resolved data folder; uploads stream into its <c>uploads</c> subfolder so adopting one is a rename on the same disk.</summary>
internal sealed record DataFolder(string Root)
{
    public string Uploads => Path.Combine(Root, "uploads");
}
