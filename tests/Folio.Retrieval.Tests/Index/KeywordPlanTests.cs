using Folio.Retrieval.Index.Embedded;

namespace Folio.Retrieval.Tests.Index;

public sealed class KeywordPlanTests
{
    [Fact]
    public void Terms_are_taken_most_selective_first_while_their_matches_fit_the_budget()
    {
        var matches = new Dictionary<string, int> { ["wing"] = 40, ["flutter"] = 3, ["aircraft"] = 90, ["absent"] = 0 };

        var plan = KeywordPlan.Choose(["aircraft", "wing", "flutter", "absent"], matches, budget: 100);

        Assert.Equal(new KeywordPlan("\"flutter\" OR \"wing\"", null), plan);
    }

    [Fact]
    public void When_every_term_is_over_the_budget_the_chunks_holding_them_all_are_ranked_in_a_window()
    {
        var matches = new Dictionary<string, int> { ["a1"] = 101, ["b2"] = 101, ["c3"] = 101, ["d4"] = 101, ["e5"] = 101 };

        var plan = KeywordPlan.Choose(["a1", "b2", "c3", "d4", "e5"], matches, budget: 100);

        Assert.Equal(new KeywordPlan("\"a1\" AND \"b2\" AND \"c3\" AND \"d4\"", 100), plan);
    }

    [Fact]
    public void Terms_that_match_nothing_leave_nothing_to_search()
    {
        Assert.Null(KeywordPlan.Choose(["absent"], new Dictionary<string, int> { ["absent"] = 0 }, budget: 100));
        Assert.Null(KeywordPlan.Choose([], new Dictionary<string, int>(), budget: 100));
    }
}
