using Folio.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Files;

/// <summary><c>GET /v1/files/{id}/content</c>: a file's bytes (JSONL).</summary>
public static class GetFileContent
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/files/{id}/content", async Task<Results<FileStreamHttpResult, NotFound<ProblemDetails>>> (
                    string id, HttpContext http, ISender sender, FileStore files, CancellationToken cancellationToken) =>
                TypedResults.File(files.OpenRead(await sender.Send(new GetFile.Query(id, Owner.Of(http)), cancellationToken)), "application/jsonl"))
            .WithName("GetFileContent").WithSummary("A file's content").WithTags("Files");
}
