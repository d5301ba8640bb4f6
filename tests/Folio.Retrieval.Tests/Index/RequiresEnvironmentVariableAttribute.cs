namespace Folio.Retrieval.Tests.Index;

/// <summary>On a test class: its <see cref="IndexFactAttribute"/> tests are skipped unless the variable is set.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string name) : Attribute
{
    /// <summary>The environment variable.</summary>
    public string Name { get; } = name;
}
