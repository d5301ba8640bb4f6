using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Folio.Generation.StructuredExtraction;

/// <summary>
/// A caller's JSON Schema, checked before any work against the subset Folio extracts to (JSON Schema
/// 2020-12 objects with <c>properties</c>, <c>required</c>, <c>type</c> including unions with null,
/// <c>enum</c>, <c>format</c> date/date-time/email/uri, <c>description</c>, <c>items</c>, nesting) and
/// the limits of <see cref="ExtractionOptions"/>. Results are validated with JsonSchema.Net, formats included.
/// </summary>
public sealed class ExtractionSchema
{
    private const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    private static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { "date", "date-time", "email", "uri" };

    // Keywords that only constrain values: accepted, and enforced when the result is validated.
    private static readonly HashSet<string> ValidationOnly = new(StringComparer.Ordinal)
    {
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern",
        "minItems", "maxItems", "uniqueItems", "const",
    };

    // Keywords that say nothing about values.
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
    };

    private readonly JsonSchema _validator;

    private ExtractionSchema(SchemaField root, JsonSchema validator, string text)
    {
        Root = root;
        _validator = validator;
        Text = text;
    }

    /// <summary>The root object field.</summary>
    public SchemaField Root { get; }

    /// <summary>The schema's JSON text as given.</summary>
    public string Text { get; }

    /// <summary>Checks <paramref name="schema"/> and returns it ready for extraction.</summary>
    /// <exception cref="InvalidSchemaException">It is malformed, unsupported or over a limit; errors are keyed by JSON pointer.</exception>
    public static ExtractionSchema Parse(JsonElement schema, ExtractionOptions options)
    {
        var text = schema.GetRawText();
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (text.Length > options.MaxSchemaCharacters)
        {
            Fail(errors, "", $"The schema is {text.Length:N0} characters; the limit is {options.MaxSchemaCharacters:N0}.");
            throw Invalid(errors);
        }

        var check = new Check(options, errors);
        var root = check.Field(schema, "", "", depth: 1);
        if (root is not null && root.Type != FieldType.Object)
        {
            Fail(errors, "/type", "The root of an extraction schema is an object (\"type\": \"object\").");
        }

        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$schema", out var dialect)
            && (dialect.ValueKind != JsonValueKind.String || dialect.GetString()!.TrimEnd('#') != Dialect))
        {
            Fail(errors, "/$schema", $"Only JSON Schema 2020-12 ({Dialect}) is supported.");
        }

        if (errors.Count > 0 || root is null)
        {
            throw Invalid(errors);
        }

        JsonSchema validator;
        try
        {
            validator = JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            Fail(errors, "", "The schema could not be compiled: " + e.Message);
            throw Invalid(errors);
        }

        return new ExtractionSchema(root, validator, text);
    }

    /// <summary>The schema's complaints about <paramref name="data"/>, as (instance pointer, message); empty when valid.</summary>
    public IReadOnlyList<ExtractionError> Validate(JsonNode? data)
    {
        using var document = JsonDocument.Parse(data?.ToJsonString() ?? "null");
        var results = _validator.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new ExtractionError(d.InstanceLocation.ToString(), e.Value)))
            .Distinct()
            .ToList();
    }

    private static InvalidSchemaException Invalid(Dictionary<string, List<string>> errors) =>
        new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    private static void Fail(Dictionary<string, List<string>> errors, string pointer, string message)
    {
        if (!errors.TryGetValue(pointer, out var list))
        {
            errors[pointer] = list = [];
        }

        list.Add(message);
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>One walk over a schema, collecting every problem rather than stopping at the first.</summary>
    private sealed class Check(ExtractionOptions options, Dictionary<string, List<string>> errors)
    {
        private int _properties;

        public SchemaField? Field(JsonElement node, string pointer, string name, int depth)
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                Fail(errors, pointer, "A schema here must be a JSON object.");
                return null;
            }

            if (depth > options.MaxSchemaDepth)
            {
                Fail(errors, pointer, $"The schema nests deeper than {options.MaxSchemaDepth} levels.");
                return null;
            }

            foreach (var keyword in node.EnumerateObject())
            {
                if (keyword.Name is not ("type" or "properties" or "required" or "additionalProperties" or "items" or "enum" or "format")
                    && !ValidationOnly.Contains(keyword.Name) && !Annotations.Contains(keyword.Name))
                {
                    Fail(errors, pointer + "/" + Escape(keyword.Name), $"The keyword '{keyword.Name}' is not supported.");
                }
            }

            var description = node.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
            if (node.TryGetProperty("description", out d) && d.ValueKind != JsonValueKind.String)
            {
                Fail(errors, pointer + "/description", "description is a string.");
            }

            var enumValues = Enum(node, pointer);
            var (type, nullable) = Type(node, pointer, enumValues);
            if (type is null)
            {
                return null;
            }

            string? format = null;
            if (node.TryGetProperty("format", out var f))
            {
                format = f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                if (format is null || !Formats.Contains(format))
                {
                    Fail(errors, pointer + "/format", "format is one of date, date-time, email, uri.");
                }
                else if (type != FieldType.String)
                {
                    Fail(errors, pointer + "/format", "format applies to strings only.");
                }
            }

            var properties = new List<SchemaField>();
            var required = new List<string>();
            SchemaField? items = null;
            if (type == FieldType.Object)
            {
                properties = Properties(node, pointer, depth);
                required = Required(node, pointer, properties);
                if (node.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Fail(errors, pointer + "/additionalProperties", "additionalProperties is true or false.");
                }
            }
            else
            {
                foreach (var keyword in new[] { "properties", "required", "additionalProperties" })
                {
                    if (node.TryGetProperty(keyword, out _))
                    {
                        Fail(errors, pointer + "/" + keyword, $"{keyword} applies to objects only.");
                    }
                }
            }

            if (type == FieldType.Array)
            {
                if (!node.TryGetProperty("items", out var itemNode))
                {
                    Fail(errors, pointer, "An array needs an items schema.");
                }
                else
                {
                    items = Field(itemNode, pointer + "/items", name, depth + 1);
                }
            }
            else if (node.TryGetProperty("items", out _))
            {
                Fail(errors, pointer + "/items", "items applies to arrays only.");
            }

            return new SchemaField(name, type.Value, nullable, description, format, enumValues, properties, required, items);
        }

        private List<SchemaField> Properties(JsonElement node, string pointer, int depth)
        {
            var fields = new List<SchemaField>();
            if (!node.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                Fail(errors, pointer + "/properties", "An object needs properties (a JSON object of field schemas).");
                return fields;
            }

            foreach (var property in properties.EnumerateObject())
            {
                if (++_properties == options.MaxSchemaProperties + 1)
                {
                    Fail(errors, pointer + "/properties", $"The schema declares more than {options.MaxSchemaProperties} properties.");
                }

                if (_properties > options.MaxSchemaProperties)
                {
                    break;
                }

                if (Field(property.Value, pointer + "/properties/" + Escape(property.Name), property.Name, depth + 1) is { } field)
                {
                    fields.Add(field);
                }
            }

            return fields;
        }

        private List<string> Required(JsonElement node, string pointer, List<SchemaField> properties)
        {
            var names = new List<string>();
            if (!node.TryGetProperty("required", out var required))
            {
                return names;
            }

            if (required.ValueKind != JsonValueKind.Array)
            {
                Fail(errors, pointer + "/required", "required is an array of property names.");
                return names;
            }

            var i = 0;
            foreach (var item in required.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    Fail(errors, pointer + "/required/" + i.ToString(CultureInfo.InvariantCulture), "required holds property names (strings).");
                }
                else if (properties.Count > 0 && !properties.Exists(p => p.Name == item.GetString()))
                {
                    Fail(errors, pointer + "/required/" + i.ToString(CultureInfo.InvariantCulture), $"'{item.GetString()}' is required but not among the properties.");
                }
                else
                {
                    names.Add(item.GetString()!);
                }

                i++;
            }

            return names;
        }

        private List<JsonNode?>? Enum(JsonElement node, string pointer)
        {
            if (!node.TryGetProperty("enum", out var values))
            {
                return null;
            }

            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            {
                Fail(errors, pointer + "/enum", "enum is a non-empty array of values.");
                return null;
            }

            var list = new List<JsonNode?>();
            var i = 0;
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    Fail(errors, pointer + "/enum/" + i.ToString(CultureInfo.InvariantCulture), "enum values are strings, numbers, booleans or null.");
                }
                else
                {
                    list.Add(JsonNode.Parse(value.GetRawText()));
                }

                i++;
            }

            return list;
        }

        private (FieldType? Type, bool Nullable) Type(JsonElement node, string pointer, List<JsonNode?>? enumValues)
        {
            if (!node.TryGetProperty("type", out var type))
            {
                // An enum of strings needs no type.
                if (enumValues is { Count: > 0 } && enumValues.TrueForAll(v => v is null || v.GetValueKind() == JsonValueKind.String))
                {
                    return (FieldType.String, enumValues.Contains(null));
                }

                Fail(errors, pointer, "Every field needs a type.");
                return (null, false);
            }

            var names = new List<string>();
            if (type.ValueKind == JsonValueKind.String)
            {
                names.Add(type.GetString()!);
            }
            else if (type.ValueKind == JsonValueKind.Array && type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String))
            {
                names.AddRange(type.EnumerateArray().Select(t => t.GetString()!));
            }
            else
            {
                Fail(errors, pointer + "/type", "type is a type name or an array of type names.");
                return (null, false);
            }

            var nullable = names.Remove("null");
            if (names.Count != 1)
            {
                Fail(errors, pointer + "/type", "type is one of string, number, integer, boolean, array, object, optionally in a union with null.");
                return (null, false);
            }

            FieldType? parsed = names[0] switch
            {
                "string" => FieldType.String,
                "number" => FieldType.Number,
                "integer" => FieldType.Integer,
                "boolean" => FieldType.Boolean,
                "array" => FieldType.Array,
                "object" => FieldType.Object,
                _ => null,
            };
            if (parsed is null)
            {
                Fail(errors, pointer + "/type", $"'{names[0]}' is not a supported type.");
            }

            return (parsed, nullable);
        }
    }
}
