using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Folio.Extraction.Tests.Isolation;

namespace Folio.Api.Tests.Features.Parsing;

/// <summary>A document that crashes its parser costs that request, never the service (parsing runs in a worker process).</summary>
public sealed class ParserIsolationTests(FolioApiFactory factory) : IClassFixture<FolioApiFactory>
{
    [Fact]
    public async Task A_pdf_that_overflows_the_parser_stack_is_unreadable_and_the_service_parses_on()
    {
        using var client = factory.CreateClient();

        using var crashing = await client.PostAsync(new Uri("/v1/parse", UriKind.Relative), Upload(HostilePdf.NestedForms(5_000), "nested-forms.pdf"));
        using var healthy = await client.PostAsync(new Uri("/v1/parse", UriKind.Relative), Upload(Encoding.UTF8.GetBytes("Still parsing."), "after.txt"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, crashing.StatusCode);
        using var problem = JsonDocument.Parse(await crashing.Content.ReadAsStringAsync());
        Assert.Equal("document_unreadable", problem.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Contains("Still parsing.", await healthy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return content;
    }
}
