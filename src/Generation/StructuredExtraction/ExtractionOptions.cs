namespace Folio.Generation.StructuredExtraction;

/// <summary>Structured extraction (section <c>Extraction</c>): schema limits and repair rounds.</summary>
public sealed class ExtractionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Extraction";

    /// <summary>Deepest nesting of objects and arrays a schema may have (the root is depth 1). Default: 8.</summary>
    public int MaxSchemaDepth { get; set; } = 8;

    /// <summary>Most properties a schema may declare, all levels together. Default: 256.</summary>
    public int MaxSchemaProperties { get; set; } = 256;

    /// <summary>Largest schema, in characters of its JSON text. Default: 65,536.</summary>
    public int MaxSchemaCharacters { get; set; } = 65_536;

    /// <summary>Most items an array field returns in extractive mode. Default: 20.</summary>
    public int MaxArrayItems { get; set; } = 20;

    /// <summary>How many repair rounds a generative extraction may take after invalid output. Default: 2.</summary>
    public int MaxRepairRounds { get; set; } = 2;

    /// <summary>The problems with these values, naming the key; empty when valid (checked at start-up).</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxSchemaDepth is < 1 or > 32)
        {
            yield return $"{Section}:{nameof(MaxSchemaDepth)} must be between 1 and 32.";
        }

        if (MaxSchemaProperties is < 1 or > 10_000)
        {
            yield return $"{Section}:{nameof(MaxSchemaProperties)} must be between 1 and 10000.";
        }

        if (MaxSchemaCharacters is < 64 or > 1_048_576)
        {
            yield return $"{Section}:{nameof(MaxSchemaCharacters)} must be between 64 and 1048576.";
        }

        if (MaxArrayItems is < 1 or > 1_000)
        {
            yield return $"{Section}:{nameof(MaxArrayItems)} must be between 1 and 1000.";
        }

        if (MaxRepairRounds is < 0 or > 10)
        {
            yield return $"{Section}:{nameof(MaxRepairRounds)} must be between 0 and 10.";
        }
    }
}
