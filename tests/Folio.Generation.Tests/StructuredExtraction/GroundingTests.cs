using System.Text.Json.Nodes;
using Folio.Generation.StructuredExtraction;

namespace Folio.Generation.Tests.StructuredExtraction;

public sealed class GroundingTests
{
    private const string Text = "Invoice No. R-42 dated 05.03.2018\nSeller: Lieferant  GmbH\nIBAN DE89 3704 0044 0532 0130 00\nTotal 1.234,56 EUR\nbuyer Kunden AG Mitte";

    [Theory]
    [InlineData("\"R-42\"", "exact", "R-42")]
    [InlineData("\"2018-03-05\"", "normalized", "05.03.2018")]
    [InlineData("1234.56", "normalized", "1.234,56")]
    [InlineData("\"lieferant gmbh\"", "normalized", "Lieferant  GmbH")]
    [InlineData("\"DE89370400440532013000\"", "normalized", "DE89 3704 0044 0532 0130 00")]
    [InlineData("\"Kunden AG Mite\"", "fuzzy", "Kunden AG Mitte")]
    public void Values_are_found_exact_then_normalised_then_fuzzy(string value, string match, string quote)
    {
        var found = ValueGrounder.Ground(Text, JsonNode.Parse(value)!);

        Assert.NotNull(found);
        Assert.Equal(match, found.Value.Match);
        Assert.Equal(quote, Text[found.Value.Start..found.Value.End]);
    }

    [Theory]
    [InlineData("\"Acme Corporation\"")]
    [InlineData("99.99")]
    [InlineData("\"2020-01-01\"")]
    public void Values_not_in_the_text_are_not_grounded(string value) => Assert.Null(ValueGrounder.Ground(Text, JsonNode.Parse(value)!));

    [Fact]
    public void A_quote_that_does_not_hold_is_not_evidence()
    {
        Assert.False(GroundingMatch.Holds("473,00", JsonValue.Create(529.87m), "normalized"));
        Assert.False(GroundingMatch.Holds("Lieferant", JsonValue.Create("Kunde"), "fuzzy"));
        Assert.True(GroundingMatch.Holds("two (2) years", JsonValue.Create("2 years"), "normalized"));
    }

    /// <summary>
    /// Acceptance (issue 11): grounding precision is 100% — over every extraction document of eval-sets,
    /// every value the extractive path grounds has evidence whose text holds the value under its match kind.
    /// </summary>
    [Fact]
    public async Task Every_grounded_value_of_every_eval_document_holds_under_its_match_kind()
    {
        var extractor = new ExtractiveExtractor(new WordHashEmbedder());
        var (grounded, documents) = (0, 0);
        foreach (var set in EvalDocuments.Sets)
        {
            var schema = ExtractionSchema.Parse(EvalDocuments.Schema(set), new ExtractionOptions());
            var leaves = schema.Root.Properties.Where(p => p.IsLeaf).Select(p => FieldProfile.For("/" + p.Name, p, "")).ToList();
            var lists = schema.Root.Properties.Where(p => p.Items is { IsLeaf: true }).Select(p => FieldProfile.For("/" + p.Name, p.Items! with { Description = p.Description }, "")).ToList();
            await foreach (var (file, document) in EvalDocuments.ParseAsync(set))
            {
                documents++;
                var found = (await extractor.ExtractAsync(document.Text, leaves)).OfType<FoundValue>()
                    .Concat(lists.SelectMany(l => extractor.ExtractList(document.Text, l, 20)));
                foreach (var value in found)
                {
                    if (ValueGrounder.Ground(document.Text, value.Value, (value.Start, value.End)) is { } at)
                    {
                        grounded++;
                        Assert.True(GroundingMatch.Holds(document.Text[at.Start..at.End], value.Value, at.Match),
                            $"{set}/{file}: '{document.Text[at.Start..at.End]}' does not hold {value.Value.ToJsonString()} as {at.Match}");
                    }
                }
            }
        }

        Assert.Equal(104, documents);
        Assert.True(grounded > 300, $"only {grounded} values grounded");
    }
}
