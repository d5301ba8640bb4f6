using System.Text.Json;
using System.Text.Json.Serialization;

namespace Folio.Extraction;

/// <summary>Writes a <see cref="BoundingBox"/> as the array <c>[x0, y0, x1, y1]</c>, rounded to 0.01 pt.</summary>
internal sealed class BoundingBoxJsonConverter : JsonConverter<BoundingBox>
{
    public override BoundingBox Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = JsonSerializer.Deserialize<double[]>(ref reader, options);
        if (values is not { Length: 4 })
        {
            throw new JsonException("A bounding box is an array of four numbers [x0, y0, x1, y1].");
        }

        return new BoundingBox(values[0], values[1], values[2], values[3]);
    }

    public override void Write(Utf8JsonWriter writer, BoundingBox value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Math.Round(value.X0, 2));
        writer.WriteNumberValue(Math.Round(value.Y0, 2));
        writer.WriteNumberValue(Math.Round(value.X1, 2));
        writer.WriteNumberValue(Math.Round(value.Y1, 2));
        writer.WriteEndArray();
    }
}
