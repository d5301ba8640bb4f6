using System.Text.Json;
using System.Text.Json.Nodes;
using Folio.Generation.StructuredExtraction;

namespace Folio.Generation.Tests.StructuredExtraction;

public sealed class ExtractionSchemaTests
{
    private static readonly ExtractionOptions Options = new();

    [Fact]
    public void The_eval_schemas_are_supported()
    {
        foreach (var set in EvalDocuments.Sets)
        {
            var schema = ExtractionSchema.Parse(EvalDocuments.Schema(set), Options);

            Assert.Equal(FieldType.Object, schema.Root.Type);
            Assert.NotEmpty(schema.Root.Properties);
        }
    }

    [Fact]
    public void Nesting_arrays_enums_and_formats_are_read()
    {
        var schema = Parse("""
            {"type":"object","required":["buyer"],"properties":{
              "buyer":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":["string","null"],"format":"email"}}},
              "lines":{"type":"array","items":{"type":"object","properties":{"amount":{"type":"number"}}}},
              "kind":{"enum":["invoice","credit note"]}}}
            """);

        var buyer = schema.Root.Properties[0];
        Assert.Equal(["buyer"], schema.Root.Required);
        Assert.Equal(FieldType.Object, buyer.Type);
        Assert.True(buyer.Properties[1].Nullable);
        Assert.Equal("email", buyer.Properties[1].Format);
        Assert.Equal(FieldType.Number, schema.Root.Properties[1].Items!.Properties[0].Type);
        Assert.Equal(2, schema.Root.Properties[2].Enum!.Count);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/x"}}}""", "/properties/a/$ref")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"date"}}}""", "/properties/a/type")]
    [InlineData("""{"type":"object","properties":{"a":{"type":["string","number"]}}}""", "/properties/a/type")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","format":"ipv4"}}}""", "/properties/a/format")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"number","format":"date"}}}""", "/properties/a/format")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array"}}}""", "/properties/a")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}""", "/required/0")]
    [InlineData("""{"type":"object","properties":{"a":{"description":"no type"}}}""", "/properties/a")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","enum":[]}}}""", "/properties/a/enum")]
    [InlineData("""{"type":"object","properties":{"a":{"anyOf":[{"type":"string"}]}}}""", "/properties/a/anyOf")]
    [InlineData("""{"type":"object","properties":{"a/b":{"type":"nope"}}}""", "/properties/a~1b/type")]
    [InlineData("""{"type":"string"}""", "/type")]
    [InlineData("""{"type":"object"}""", "/properties")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{}}""", "/$schema")]
    [InlineData("""[1,2]""", "")]
    public void Unsupported_schemas_point_at_the_problem(string json, string pointer)
    {
        var error = Assert.Throws<InvalidSchemaException>(() => Parse(json));

        Assert.Contains(pointer, error.Errors.Keys);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var error = Assert.Throws<InvalidSchemaException>(() => Parse("""{"type":"object","properties":{"a":{"type":"x"},"b":{"oneOf":[]}}}"""));

        Assert.Contains("/properties/a/type", error.Errors.Keys);
        Assert.Contains("/properties/b/oneOf", error.Errors.Keys);
    }

    [Fact]
    public void Limits_are_options()
    {
        var deep = """{"type":"object","properties":{"a":{"type":"object","properties":{"b":{"type":"object","properties":{"c":{"type":"string"}}}}}}}""";
        var wide = """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"},"c":{"type":"string"}}}""";

        Assert.NotNull(Parse(deep));
        Assert.Contains("/properties/a/properties/b", Assert.Throws<InvalidSchemaException>(() => Parse(deep, new ExtractionOptions { MaxSchemaDepth = 2 })).Errors.Keys);
        Assert.Contains("/properties", Assert.Throws<InvalidSchemaException>(() => Parse(wide, new ExtractionOptions { MaxSchemaProperties = 2 })).Errors.Keys);
        Assert.Contains("", Assert.Throws<InvalidSchemaException>(() => Parse(wide, new ExtractionOptions { MaxSchemaCharacters = 64 })).Errors.Keys);
        Assert.Empty(new ExtractionOptions().Problems());
        Assert.NotEmpty(new ExtractionOptions { MaxSchemaDepth = 0 }.Problems());
    }

    [Fact]
    public void Results_are_validated_with_formats_enums_and_required()
    {
        var schema = Parse("""
            {"type":"object","required":["date","kind"],"properties":{
              "date":{"type":["string","null"],"format":"date"},
              "kind":{"enum":["invoice","credit note"]},
              "party":{"type":"array","items":{"type":"string"}}}}
            """);

        Assert.Empty(schema.Validate(JsonNode.Parse("""{"date":"2019-01-01","kind":"invoice","party":["A"]}""")));
        Assert.Empty(schema.Validate(JsonNode.Parse("""{"date":null,"kind":"invoice"}""")));
        var errors = schema.Validate(JsonNode.Parse("""{"date":"2019-13-45","kind":"receipt","party":[1]}"""));
        Assert.Contains(errors, e => e.Pointer == "/date");
        Assert.Contains(errors, e => e.Pointer == "/kind");
        Assert.Contains(errors, e => e.Pointer == "/party/0");
        Assert.NotEmpty(schema.Validate(JsonNode.Parse("""{"date":"2019-01-01"}""")));
    }

    private static ExtractionSchema Parse(string json, ExtractionOptions? options = null)
    {
        using var document = JsonDocument.Parse(json);
        return ExtractionSchema.Parse(document.RootElement.Clone(), options ?? Options);
    }
}
