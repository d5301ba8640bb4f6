extern alias FolioEval;

using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Folio.Api.Tests.Infrastructure;

/// <summary>
/// docker-compose.yml, read as YAML (no docker CLI needed): the services, ports and health checks it promises, and
/// every <c>Folio__Section__Key</c> it sets naming a real, bindable property of Folio's options, so a renamed option
/// cannot leave the file setting nothing.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static readonly string Root = FolioEval::Folio.Eval.ReportFile.RepositoryRoot();

    private static readonly YamlMappingNode Services = (YamlMappingNode)Load()["services"];

    [Fact]
    public void Folio_and_Qdrant_run_by_default_and_vLLM_only_in_the_gpu_profile_with_a_reserved_GPU()
    {
        Assert.Equal(["folio", "qdrant", "vllm"], Services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.False(Service("folio").Children.ContainsKey("profiles"));
        Assert.False(Service("qdrant").Children.ContainsKey("profiles"));
        Assert.Equal(["gpu"], Strings(Service("vllm")["profiles"]));

        var devices = (YamlSequenceNode)Node(Service("vllm"), "deploy", "resources", "reservations", "devices");
        var device = (YamlMappingNode)Assert.Single(devices.Children);
        Assert.Equal("nvidia", device["driver"].ToString());
        Assert.Contains("gpu", Strings(device["capabilities"]));
    }

    [Fact]
    public void Every_service_has_a_health_check_and_Folio_waits_for_a_healthy_Qdrant()
    {
        foreach (var (name, service) in Services.Children)
        {
            var test = Strings(Node((YamlMappingNode)service, "healthcheck", "test"));
            Assert.True(test.Count > 1 && test[0] is "CMD" or "CMD-SHELL", $"{name}'s health check has no command");
        }

        Assert.Contains("/health/ready", string.Join(' ', Strings(Node(Service("folio"), "healthcheck", "test"))));
        Assert.Equal("service_healthy", Node(Service("folio"), "depends_on", "qdrant", "condition").ToString());
    }

    [Fact]
    public void Folio_listens_where_the_Dockerfile_exposes_it_and_keeps_its_data_in_the_image_volume()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        var exposed = Exposed().Match(dockerfile).Groups[1].Value;
        Assert.Contains($"Kestrel__Endpoints__Http__Url=http://+:{exposed}", dockerfile, StringComparison.Ordinal);
        Assert.Equal($"8080:{exposed}", Assert.Single(Strings(Service("folio")["ports"])));

        var dataFolder = Environment("folio")["Folio__Storage__DataFolder"];
        Assert.Contains($"Folio__Storage__DataFolder={dataFolder}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"folio-data:{dataFolder}", Strings(Service("folio")["volumes"]));
    }

    [Fact]
    public void Keys_come_from_the_environment_and_compose_refuses_to_start_without_them()
    {
        var folio = Environment("folio");
        Assert.True(IsRequired(folio["Folio__Index__QdrantApiKey"]), "Folio's Qdrant key is not a required variable");
        Assert.Equal(folio["Folio__Index__QdrantApiKey"], Environment("qdrant")["QDRANT__SERVICE__API_KEY"]);
        Assert.True(IsRequired(folio["Folio__Auth__AdminKey"]), "Folio's admin key is not a required variable");
    }

    [Fact]
    public void Folio_reaches_Qdrant_and_vLLM_by_their_service_names()
    {
        var folio = Environment("folio");
        var qdrant = new Uri(folio["Folio__Index__QdrantEndpoint"]);
        Assert.Equal("qdrant", qdrant.Host);
        Assert.Contains($"127.0.0.1:{qdrant.Port}:{qdrant.Port}", Strings(Service("qdrant")["ports"]));

        var vllm = new Uri(folio["Folio__Generation__Endpoint"]);
        Assert.Equal("vllm", vllm.Host);
        var command = Strings(Service("vllm")["command"]);
        Assert.Equal(vllm.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), command[command.IndexOf("--port") + 1]);
        Assert.Equal(folio["Folio__Generation__Model"], command[command.IndexOf("--model") + 1]);
    }

    [Fact]
    public void Every_Folio_setting_names_a_property_of_Folios_options_and_its_value_binds()
    {
        var options = new[] { typeof(Folio.Extraction.ParsingOptions), typeof(Folio.Retrieval.Index.IndexOptions), typeof(Folio.Generation.GenerationOptions), typeof(Program) }
            .SelectMany(t => t.Assembly.GetTypes())
            .Where(t => t.GetField("Section") is { IsLiteral: true })
            .ToDictionary(t => (string)t.GetField("Section")!.GetRawConstantValue()!, StringComparer.OrdinalIgnoreCase);
        var settings = Environment("folio").Where(e => e.Key.StartsWith("Folio__", StringComparison.Ordinal)).ToList();
        Assert.Contains(settings, s => s.Key.StartsWith("Folio__Generation__", StringComparison.Ordinal));

        foreach (var (name, value) in settings)
        {
            var path = name.Split("__");
            Assert.True(path.Length == 3, $"{name} is not Folio__Section__Key");
            var property = options.TryGetValue(path[1], out var type)
                ? type.GetProperty(path[2], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                : null;
            Assert.True(property is { CanWrite: true }, $"{name}: no settable property {path[2]} on the options of section {path[1]}");
            // A required variable can be any text; a variable with a default is checked with its default.
            Assert.True(IsRequired(value) || Binds(property.PropertyType, Variable().Replace(value, "$2")), $"{name}: '{value}' does not bind to {property.PropertyType.Name}");
        }
    }

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static YamlNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate((YamlNode)node, (n, key) => ((YamlMappingNode)n)[key]);

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => c.ToString()).ToList();

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlMappingNode)Service(service)["environment"]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    private static bool IsRequired(string value) => Variable().Match(value) is { Success: true } m && m.Groups[1].Value == "?";

    /// <summary>Whether configuration binding accepts <paramref name="value"/> (a required variable stands for any text).</summary>
    private static bool Binds(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? Enum.TryParse(type, value, ignoreCase: true, out _)
            : type == typeof(Uri) ? Uri.TryCreate(value, UriKind.Absolute, out _)
            : type == typeof(string) || System.ComponentModel.TypeDescriptor.GetConverter(type).IsValid(value);
    }

    [GeneratedRegex(@"^EXPOSE (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Exposed();

    /// <summary>A whole value that is one variable: <c>${NAME:?message}</c> (required) or <c>${NAME:-default}</c>; group 1 says which, group 2 is the message or default.</summary>
    [GeneratedRegex(@"^\$\{[A-Z_]+:([?-])([^}]*)\}$")]
    private static partial Regex Variable();
}
