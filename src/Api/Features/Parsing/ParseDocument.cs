using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Extraction;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Parsing;

/// <summary><c>POST /v1/parse</c>: a file in, its <see cref="ParsedDocument"/> out (JSON or Markdown); nothing is stored.</summary>
public static class ParseDocument
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/parse", HandleAsync)
            .RequireScope(KeyScope.Read)
            .WithName("ParseDocument")
            .WithSummary("Parse a PDF, Office or text file into located blocks")
            .WithTags("Parsing")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery();

    public sealed record Command(string FileName, Stream Content) : ICommand<ParsedDocument>;

    public sealed class Handler(ParserPool parser) : ICommandHandler<Command, ParsedDocument>
    {
        public async ValueTask<ParsedDocument> Handle(Command command, CancellationToken cancellationToken) =>
            await parser.ParseAsync(command.Content, command.FileName, cancellationToken);
    }

    private static async Task<Results<Ok<ParsedDocumentResponse>, ContentHttpResult, BadRequest<ProblemDetails>>> HandleAsync(
        HttpRequest request, ISender sender, ParserPool parser, DataFolder data, [FromQuery] string? format, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "markdown"))
        {
            throw new RequestValidationException("format", "format is 'json' (default) or 'markdown'.");
        }

        using var form = await UploadForm.ReadAsync(request, data.Uploads, parser.Options.MaxBytes, maxFiles: 1, parser.Options.MaxBytes, (_, _) => { }, cancellationToken);
        var file = form.Files[0];
        await using var content = file.OpenRead();
        var document = await sender.Send(new Command(file.FileName, content), cancellationToken);
        return format == "markdown"
            ? TypedResults.Text(MarkdownWriter.Write(document, parser.Options.MaxTextCharacters), "text/markdown; charset=utf-8")
            : TypedResults.Ok(ParsedDocumentResponse.From(document));
    }
}
