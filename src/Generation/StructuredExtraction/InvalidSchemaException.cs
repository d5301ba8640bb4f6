namespace Folio.Generation.StructuredExtraction;

/// <summary>A schema Folio cannot extract to: malformed, unsupported or over a limit. <see cref="Errors"/> are keyed by JSON pointer into the schema.</summary>
public sealed class InvalidSchemaException : Exception
{
    /// <summary>A schema with the problems in <paramref name="errors"/>.</summary>
    public InvalidSchemaException(IReadOnlyDictionary<string, string[]> errors)
        : base("The schema is not supported: " + string.Join("; ", errors.Select(e => $"{(e.Key.Length == 0 ? "(root)" : e.Key)}: {string.Join(", ", e.Value)}")))
    {
        Errors = errors;
    }

    /// <summary>The problems, keyed by JSON pointer into the schema ("" is the root).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
