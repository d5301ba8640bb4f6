using System.Reflection;
using NetArchTest.Rules;

namespace Folio.Api.Tests.Architecture;

/// <summary>References point one way (Extraction ← Retrieval ← Generation ← Api) and the libraries stay host-free.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Extraction = typeof(Folio.Extraction.ParsedDocument).Assembly;
    private static readonly Assembly Retrieval = Assembly.Load("Folio.Retrieval");
    private static readonly Assembly Generation = Assembly.Load("Folio.Generation");

    public static TheoryData<string, string[]> ForbiddenReferences => new()
    {
        { "Folio.Extraction", ["Folio.Retrieval", "Folio.Generation", "Folio.Api", "Microsoft.AspNetCore", "Mediator"] },
        { "Folio.Retrieval", ["Folio.Generation", "Folio.Api", "Microsoft.AspNetCore", "Mediator"] },
        { "Folio.Generation", ["Folio.Api", "Microsoft.AspNetCore", "Mediator"] },
    };

    [Theory]
    [MemberData(nameof(ForbiddenReferences))]
    public void Library_does_not_depend_on_upper_layers_or_hosts(string assemblyName, string[] forbidden)
    {
        var assembly = new[] { Extraction, Retrieval, Generation }.Single(a => a.GetName().Name == assemblyName);

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{assemblyName} types depend on {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? [])}");
    }

    [Theory]
    [InlineData("Folio.Extraction", new[] { "Folio.Retrieval", "Folio.Generation", "Folio.Api" })]
    [InlineData("Folio.Retrieval", new[] { "Folio.Generation", "Folio.Api" })]
    [InlineData("Folio.Generation", new[] { "Folio.Api" })]
    public void Assembly_references_point_only_downward(string assemblyName, string[] upward)
    {
        var assembly = new[] { Extraction, Retrieval, Generation }.Single(a => a.GetName().Name == assemblyName);

        var referenced = assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(referenced, name => upward.Contains(name) || name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Mediator", StringComparison.Ordinal));
    }
}
