using Folio.Retrieval.Embeddings;

namespace Folio.Retrieval.Tests.Embeddings;

public sealed class TokenBudgetBatcherTests
{
    [Theory]
    [InlineData(1024, 1)]
    [InlineData(1024, 2)]
    [InlineData(300, 4)]
    public void Every_text_is_in_one_batch_within_the_budget(int budget, int parallelism)
    {
        var random = new Random(7);
        var lengths = Enumerable.Range(0, 57).Select(_ => random.Next(3, 257)).ToArray();

        var batches = TokenBudgetBatcher.Plan(lengths, budget, parallelism);

        Assert.Equal(Enumerable.Range(0, lengths.Length), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.True(b.Length == 1 || b.Length * b.Max(i => lengths[i]) <= budget));
        Assert.True(batches.Count >= parallelism);
    }

    [Fact]
    public void Few_short_texts_are_spread_over_the_sessions()
    {
        var batches = TokenBudgetBatcher.Plan([20, 20, 20, 20], 1024, 2);

        Assert.Equal(2, batches.Count);
    }
}
