extern alias FolioEval;

using System.Net;
using System.Text.Json;
using FolioEval::Folio.Eval;
using FolioEval::Folio.Eval.Retrieval;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Questions;

/// <summary><c>POST /v1/ask</c> end to end in extractive mode (no chat model configured) over real paragraphs of xquad_en.</summary>
public sealed class AskQuestionTests(AskQuestionTests.Collection fixture) : IClassFixture<AskQuestionTests.Collection>
{
    [Fact]
    public async Task Answers_cite_exact_evidence_and_mostly_contain_the_gold_answer()
    {
        using var client = fixture.Factory.CreateClient();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var (contained, asked) = (0, 0);
        foreach (var question in fixture.Set.Questions.Take(60))
        {
            var (status, body) = await PostJsonAsync(client, "/v1/ask", new { question = question.Text, collection = Collection.Name });

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("extractive", body.GetProperty("mode").GetString());
            Assert.False(body.GetProperty("noAnswer").GetBoolean());
            var citations = body.GetProperty("citations").EnumerateArray().ToList();
            Assert.NotEmpty(citations);
            foreach (var citation in citations)
            {
                var id = citation.GetProperty("documentId").GetString()!;
                if (!texts.TryGetValue(id, out var text))
                {
                    text = texts[id] = (await SendAsync(client, HttpMethod.Get, $"/v1/documents/{id}/content")).Body.GetProperty("text").GetString()!;
                }

                Assert.Equal(text[citation.GetProperty("start").GetInt32()..citation.GetProperty("end").GetInt32()], citation.GetProperty("quote").GetString());
                Assert.True(citation.GetProperty("grounded").GetBoolean());
            }

            Assert.Equal(citations[0].GetProperty("quote").GetString(), body.GetProperty("answer").GetString());
            asked++;
            contained += question.Answers.Any(a => citations.Any(c => c.GetProperty("quote").GetString()!.Contains(a, StringComparison.OrdinalIgnoreCase))) ? 1 : 0;
        }

        // The eval command measures the share on the whole set (docs/EVAL.md); this guards against a collapse.
        Assert.True(contained >= asked * 0.7, $"{contained} of {asked} answers cite the gold answer");
    }

    [Fact]
    public async Task Streaming_sends_sources_then_text_then_the_answer()
    {
        using var client = fixture.Factory.CreateClient();
        var question = fixture.Set.Questions[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ask", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { question = question.Text, collection = Collection.Name, stream = true }),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await response.Content.ReadAsStringAsync());
        Assert.Equal(["sources", "delta", "done"], events.Select(e => e.Name));
        var done = events[^1].Data;
        Assert.Equal(events[1].Data.GetProperty("text").GetString(), done.GetProperty("answer").GetString());
        Assert.NotEmpty(events[0].Data.GetProperty("sources").EnumerateArray());
        Assert.NotEmpty(done.GetProperty("citations").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"question":"","collection":"xquad"}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"collection":"xquad"}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"question":"Who?","collection":"xquad","topK":0}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"question":"Who?","collection":"xquad","topK":21}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"question":"Who?","collection":"Not A Name"}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"question":"Who?","collection":"nobody-here"}""", HttpStatusCode.NotFound, "not_found")]
    [InlineData("""{"question":"Who?","collection":"xquad","documentIds":["d_00000000000000000000"]}""", HttpStatusCode.NotFound, "not_found")]
    [InlineData("""{"question":"Who?","collection":"xquad","documentIds":["not-an-id"]}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"question":""", HttpStatusCode.BadRequest, "validation_failed")]
    public async Task Bad_questions_are_problem_details(string json, HttpStatusCode expected, string code)
    {
        using var client = fixture.Factory.CreateClient();
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/ask", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, status);
        Assert.Equal(code, body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task An_overlong_question_is_refused()
    {
        using var client = fixture.Factory.CreateClient();
        var (status, body) = await PostJsonAsync(client, "/v1/ask", new { question = new string('x', 4_001), collection = Collection.Name });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("question", out _));
    }

    private static List<(string Name, JsonElement Data)> ParseEvents(string stream) =>
        stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (
                lines.First(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                JsonDocument.Parse(string.Concat(lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]))).RootElement.Clone()))
            .ToList();

    /// <summary>A host with the first 12 xquad_en paragraphs ingested into collection <c>xquad</c>.</summary>
    public sealed class Collection : IAsyncLifetime
    {
        public const string Name = "xquad";

        public FolioApiFactory Factory { get; } = new();

        internal QaSet Set { get; } = QaSet.Load(Path.Combine(ReportFile.EvalSets(), "qa", "xquad_en"), maxDocuments: 12);

        public async Task InitializeAsync()
        {
            using var client = Factory.CreateClient();
            var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload(Set.Documents.Select(d => d.AsFile()), Name));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.All(body.GetProperty("documents").EnumerateArray(), d => Assert.Equal("ready", d.GetProperty("status").GetString()));
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
