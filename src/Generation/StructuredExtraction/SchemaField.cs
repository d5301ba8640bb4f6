namespace Folio.Generation.StructuredExtraction;

/// <summary>The JSON types a schema field may take (a union with null is <see cref="SchemaField.Nullable"/>).</summary>
public enum FieldType
{
    /// <summary>A string.</summary>
    String,

    /// <summary>Any number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>An array of <see cref="SchemaField.Items"/>.</summary>
    Array,

    /// <summary>An object of <see cref="SchemaField.Properties"/>.</summary>
    Object,
}

/// <summary>One field of a checked schema: what it is called, what it holds and what its description says.</summary>
/// <param name="Name">The property name (the parent's name for array items; empty for the root).</param>
/// <param name="Type">Its JSON type.</param>
/// <param name="Nullable">Whether null is allowed.</param>
/// <param name="Description">The schema's description, or empty.</param>
/// <param name="Format">date, date-time, email or uri; null when none.</param>
/// <param name="Enum">The allowed values (strings, numbers, booleans or null), or null when any.</param>
/// <param name="Properties">An object's properties, in schema order.</param>
/// <param name="Required">An object's required property names.</param>
/// <param name="Items">An array's item schema.</param>
public sealed record SchemaField(
    string Name,
    FieldType Type,
    bool Nullable,
    string Description,
    string? Format,
    IReadOnlyList<System.Text.Json.Nodes.JsonNode?>? Enum,
    IReadOnlyList<SchemaField> Properties,
    IReadOnlyList<string> Required,
    SchemaField? Items)
{
    /// <summary>Whether the field holds a single value (not an object or array).</summary>
    public bool IsLeaf => Type is not (FieldType.Object or FieldType.Array);
}
