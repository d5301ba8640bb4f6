using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Folio.Retrieval.Documents;
using Microsoft.Extensions.DependencyInjection;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Extractions;

/// <summary><c>POST /v1/extractions</c> end to end in extractive mode (no chat model configured).</summary>
public sealed class CreateExtractionTests(CreateExtractionTests.Host fixture) : IClassFixture<CreateExtractionTests.Host>
{
    private const string Schema = """
        {"type":"object","required":["invoice_number","issue_date","total","currency","iban"],"properties":{
          "invoice_number":{"type":["string","null"],"description":"The invoice number as printed."},
          "issue_date":{"type":["string","null"],"format":"date","description":"Invoice date, YYYY-MM-DD."},
          "total":{"type":["number","null"],"description":"Amount due, including tax."},
          "currency":{"type":["string","null"],"description":"Currency as ISO 4217 code."},
          "iban":{"type":["string","null"],"description":"IBAN of the seller, without spaces."},
          "email":{"type":["string","null"],"format":"email","description":"Seller's email address."}}}
        """;

    [Fact]
    public async Task Values_come_with_exact_evidence()
    {
        using var client = fixture.Factory.CreateClient();
        var (status, body) = await PostJsonAsync(client, "/v1/extractions", new { documentId = fixture.InvoiceId, schema = JsonDocument.Parse(Schema).RootElement });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("extractive", body.GetProperty("mode").GetString());
        Assert.True(body.GetProperty("valid").GetBoolean(), body.ToString());
        var data = body.GetProperty("data");
        Assert.Equal("R-2024-0042", data.GetProperty("invoice_number").GetString());
        Assert.Equal("2024-03-05", data.GetProperty("issue_date").GetString());
        Assert.Equal(1234.56m, data.GetProperty("total").GetDecimal());
        Assert.Equal("EUR", data.GetProperty("currency").GetString());
        Assert.Equal("DE89370400440532013000", data.GetProperty("iban").GetString());
        Assert.Equal("billing@lieferant.example", data.GetProperty("email").GetString());
        var text = (await SendAsync(client, HttpMethod.Get, $"/v1/documents/{fixture.InvoiceId}/content")).Body.GetProperty("text").GetString()!;
        foreach (var pointer in new[] { "/invoice_number", "/issue_date", "/total", "/currency", "/iban", "/email" })
        {
            var field = body.GetProperty("fields").GetProperty(pointer);
            Assert.True(field.GetProperty("grounded").GetBoolean(), pointer);
            var evidence = Assert.Single(field.GetProperty("evidence").EnumerateArray().ToList());
            Assert.Equal(fixture.InvoiceId, evidence.GetProperty("documentId").GetString());
            Assert.Equal(text[evidence.GetProperty("start").GetInt32()..evidence.GetProperty("end").GetInt32()], evidence.GetProperty("quote").GetString());
            Assert.Contains(evidence.GetProperty("match").GetString(), new[] { "exact", "normalized", "fuzzy" });
        }

        Assert.Equal("05.03.2024", body.GetProperty("fields").GetProperty("/issue_date").GetProperty("evidence")[0].GetProperty("quote").GetString());
        Assert.Equal("normalized", body.GetProperty("fields").GetProperty("/issue_date").GetProperty("evidence")[0].GetProperty("match").GetString());
    }

    [Fact]
    public async Task Array_items_have_their_own_pointers()
    {
        using var client = fixture.Factory.CreateClient();
        var schema = """{"type":"object","properties":{"party":{"type":["array","null"],"items":{"type":"string"},"description":"Every party that enters into the agreement."}}}""";
        var (status, body) = await PostJsonAsync(client, "/v1/extractions", new { documentId = fixture.AgreementId, schema = JsonDocument.Parse(schema).RootElement });

        Assert.Equal(HttpStatusCode.OK, status);
        var parties = body.GetProperty("data").GetProperty("party").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.True(parties.Contains("Acme Widgets, Inc.") && parties.Contains("Globex Holdings LLC"), string.Join(" | ", parties));
        Assert.True(body.GetProperty("fields").TryGetProperty("/party/0", out var first));
        Assert.Equal(parties[0], first.GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_multipart_upload_is_ingested_on_the_way_and_is_the_same_document()
    {
        using var client = fixture.Factory.CreateClient();
        using var form = Upload([(Encoding.UTF8.GetBytes(Host.Invoice), "invoice.txt")]);
        form.Add(new StringContent(Schema), "schema");
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/extractions", form);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("R-2024-0042", body.GetProperty("data").GetProperty("invoice_number").GetString());
        Assert.Equal(fixture.InvoiceId, body.GetProperty("fields").GetProperty("/invoice_number").GetProperty("evidence")[0].GetProperty("documentId").GetString());
    }

    [Fact]
    public async Task Streaming_sends_a_field_event_per_value_then_done()
    {
        using var client = fixture.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/extractions", UriKind.Relative))
        {
            Content = JsonContent.Create(new { documentId = fixture.InvoiceId, schema = JsonDocument.Parse(Schema).RootElement, stream = true }),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (Name: lines.First(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                Data: JsonDocument.Parse(lines.First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]).RootElement.Clone()))
            .ToList();
        Assert.Equal(Enumerable.Repeat("field", 6).Append("done"), events.Select(e => e.Name));
        Assert.Equal("/invoice_number", events[0].Data.GetProperty("pointer").GetString());
        Assert.Equal("R-2024-0042", events[0].Data.GetProperty("value").GetString());
        Assert.True(events[^1].Data.GetProperty("valid").GetBoolean());
    }

    [Theory]
    [InlineData("""{"documentId":""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"schema":{"type":"object","properties":{}}}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"documentId":"d_00000000000000000000","schema":"not a schema"}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"documentId":"d_00000000000000000000","schema":{"type":"object","properties":{}},"requireGrounding":"yes"}""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{"documentId":"d_00000000000000000000","schema":{"type":"object","properties":{"a":{"type":"date"}}}}""", HttpStatusCode.BadRequest, "invalid_schema")]
    [InlineData("""{"documentId":"d_00000000000000000000","schema":{"type":"object","properties":{}}}""", HttpStatusCode.NotFound, "not_found")]
    public async Task Bad_requests_are_problem_details(string json, HttpStatusCode expected, string code)
    {
        using var client = fixture.Factory.CreateClient();
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/extractions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, status);
        Assert.Equal(code, body.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task An_unsupported_schema_points_at_the_problem_before_any_work()
    {
        using var client = fixture.Factory.CreateClient();
        var schema = """{"type":"object","properties":{"a":{"type":"string","format":"ipv4"},"b":{"$ref":"#/a"}}}""";
        var (status, body) = await PostJsonAsync(client, "/v1/extractions", new { documentId = fixture.InvoiceId, schema = JsonDocument.Parse(schema).RootElement });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_schema", body.GetProperty("errorCode").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty("/properties/a/format", out _));
        Assert.True(body.GetProperty("errors").TryGetProperty("/properties/b/$ref", out _));
    }

    [Fact]
    public async Task A_multipart_request_with_a_bad_schema_stores_nothing()
    {
        using var client = fixture.Factory.CreateClient();
        using var form = Upload([(Encoding.UTF8.GetBytes("A file nobody stored before."), "new.txt")], "schemacheck");
        form.Add(new StringContent("""{"type":"object","properties":{"a":{"type":"nope"}}}"""), "schema");
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/extractions", form);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_schema", body.GetProperty("errorCode").GetString());
        var listed = (await SendAsync(client, HttpMethod.Get, "/v1/documents?collection=schemacheck")).Body;
        Assert.Empty(listed.GetProperty("documents").EnumerateArray());

        using var noSchema = Upload([(Encoding.UTF8.GetBytes("x"), "x.txt")]);
        (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/extractions", noSchema);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("schema", out _));
    }

    [Fact]
    public async Task A_document_not_ready_is_a_conflict_with_its_status()
    {
        using var client = fixture.Factory.CreateClient();
        var store = fixture.Factory.Services.GetRequiredService<DocumentStore>();
        var (document, _) = await store.AddAsync("waiting", "later.txt", "text/plain", new string('a', 64), new Dictionary<string, string>());
        // Due in an hour: no worker claims it meanwhile.
        await store.RetryLaterAsync(document, TimeSpan.FromHours(1), new DocumentError("dependency_unavailable", "test"));
        var (status, body) = await PostJsonAsync(client, "/v1/extractions", new { documentId = document.Id, schema = JsonDocument.Parse(Schema).RootElement });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("document_not_ready", body.GetProperty("errorCode").GetString());
        Assert.Contains("queued", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_document_is_unprocessable_with_its_error_code()
    {
        using var client = fixture.Factory.CreateClient();
        var (status, uploaded) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(Encoding.UTF8.GetBytes("%PDF-1.7\nthis is not a PDF body\n%%EOF"), "broken.pdf")], "broken"));
        Assert.Equal(HttpStatusCode.OK, status);
        var document = uploaded.GetProperty("documents")[0];
        Assert.Equal("failed", document.GetProperty("status").GetString());
        var code = (await SendAsync(client, HttpMethod.Get, $"/v1/documents/{document.GetProperty("id").GetString()}")).Body.GetProperty("error").GetProperty("code").GetString();

        (status, var body) = await PostJsonAsync(client, "/v1/extractions", new { documentId = document.GetProperty("id").GetString(), schema = JsonDocument.Parse(Schema).RootElement });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(code, body.GetProperty("errorCode").GetString());
    }

    /// <summary>A host with a generated invoice and a generated agreement ingested.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public const string Invoice = """
            Lieferant GmbH
            Lieferantenstraße 20, 80333 München
            billing@lieferant.example

            Rechnung
            Rechnungsnummer: R-2024-0042
            Rechnungsdatum: 05.03.2024

            Pos | Artikel | Betrag
            1 | Trennblätter A4 | 1.037,44

            Gesamtbetrag netto: 1.037,44 EUR
            Umsatzsteuer 19 %: 197,12 EUR
            Zahlbetrag: 1.234,56 EUR

            Bankverbindung: IBAN DE89 3704 0044 0532 0130 00
            """;

        public const string Agreement = """
            MUTUAL NON-DISCLOSURE AGREEMENT

            This Agreement is made and entered into as of May 20, 2014 by and between Acme Widgets, Inc., a Delaware corporation ("Acme"), and Globex Holdings LLC ("Globex").

            This Agreement shall be governed by the laws of the State of New York.
            """;

        public FolioApiFactory Factory { get; } = new();

        public string InvoiceId { get; private set; } = string.Empty;

        public string AgreementId { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            using var client = Factory.CreateClient();
            var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/documents?wait=true",
                Upload([(Encoding.UTF8.GetBytes(Invoice), "invoice.txt"), (Encoding.UTF8.GetBytes(Agreement), "nda.txt")]));
            Assert.Equal(HttpStatusCode.OK, status);
            var documents = body.GetProperty("documents").EnumerateArray().ToList();
            Assert.All(documents, d => Assert.Equal("ready", d.GetProperty("status").GetString()));
            (InvoiceId, AgreementId) = (documents[0].GetProperty("id").GetString()!, documents[1].GetProperty("id").GetString()!);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
