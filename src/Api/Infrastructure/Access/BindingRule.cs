using System.Net;

namespace Folio.Api.Infrastructure.Access;

/// <summary>
/// Where Folio will listen, read from configuration the way Kestrel reads it (<c>Kestrel:Endpoints</c> win over
/// <c>urls</c> / <c>ASPNETCORE_URLS</c> / <c>--urls</c>, which win over <c>http_ports</c> / <c>https_ports</c>;
/// nothing configured is <c>http://localhost:5000</c>), and which of those addresses other machines can reach.
/// Without keys Folio listens on loopback only.
/// </summary>
internal static class BindingRule
{
    /// <summary>The addresses the configuration makes Kestrel listen on.</summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = Ports(configuration["http_ports"], "http").Concat(Ports(configuration["https_ports"], "https")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    /// <summary>The addresses among <paramref name="urls"/> that are not loopback (a wildcard, an interface's address or a host name).</summary>
    public static IReadOnlyList<string> Reachable(IEnumerable<string> urls) => urls.Where(url => !IsLoopback(url)).ToList();

    /// <summary>Why Folio refuses to start: it would listen beyond loopback with no keys.</summary>
    public static string Refusal(IReadOnlyList<string> reachable) =>
        $"Folio would listen on {string.Join(", ", reachable)}, reachable from other machines, with no API keys configured. " +
        "Set an admin key (Auth:AdminKey, e.g. the environment variable Folio__Auth__AdminKey, at least 32 characters) to require keys, " +
        "or listen on loopback only (e.g. --urls http://127.0.0.1:5080).";

    private static bool IsLoopback(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? url : url[(start + 3)..];
        var host = rest.StartsWith('[') ? rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))] : rest.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? string.Empty).Split(';', ',').Select(p => p.Trim()).Where(p => p.Length > 0).Select(p => $"{scheme}://*:{p}");
}
