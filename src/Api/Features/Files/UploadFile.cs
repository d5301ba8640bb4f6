using Folio.Api.Features.Batches;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.Files;

/// <summary>
/// <c>POST /v1/files</c>: multipart <c>file</c> + <c>purpose=batch</c>, a JSONL batch input of at most
/// <c>Batches:MaxFileBytes</c>. Its lines are checked when a batch uses it, with line numbers.
/// </summary>
public static class UploadFile
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/files", async (HttpRequest http, ISender sender, DataFolder data, IOptions<BatchOptions> options, CancellationToken cancellationToken) =>
            {
                using var form = await UploadForm.ReadAsync(http, data.Uploads, options.Value.MaxFileBytes, maxFiles: 1, options.Value.MaxFileBytes, CheckField, cancellationToken);
                return TypedResults.Ok(await sender.Send(new Command(Owner.Of(http.HttpContext), form.Field("purpose"), form.Files[0]), cancellationToken));
            })
            .Produces<FileResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            // Files and batches belong to the key that made them, outside any collection: read scope runs a batch of questions.
            .RequireScope(KeyScope.Read)
            .WithName("UploadFile").WithSummary("Upload a JSONL batch input file (multipart: file, purpose=batch)").WithTags("Files")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery();

    public sealed record Command(string? Owner, string? Purpose, UploadedFile File) : ICommand<FileResponse>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (Purpose != FileStore.BatchPurpose)
            {
                yield return ("purpose", "purpose must be 'batch' (the only purpose Folio stores).");
            }
        }
    }

    public sealed class Handler(FileStore files) : ICommandHandler<Command, FileResponse>
    {
        public async ValueTask<FileResponse> Handle(Command command, CancellationToken cancellationToken) =>
            FileResponse.From(await files.AddAsync(command.Owner, command.File.FileName, FileStore.BatchPurpose, command.File.Path, cancellationToken));
    }

    private static void CheckField(string name, string value)
    {
        if (name == "purpose" && value != FileStore.BatchPurpose)
        {
            throw new RequestValidationException("purpose", "purpose must be 'batch' (the only purpose Folio stores).");
        }
    }
}
