using Folio.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Files;

/// <summary><c>GET /v1/files/{id}</c>: a file's metadata.</summary>
public static class GetFile
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/files/{id}", async Task<Results<Ok<FileResponse>, NotFound<ProblemDetails>>> (string id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(FileResponse.From(await sender.Send(new Query(id, Owner.Of(http)), cancellationToken))))
            .WithName("GetFile").WithSummary("A file's metadata").WithTags("Files");

    public sealed record Query(string Id, string? Owner) : IQuery<FileRecord>;

    public sealed class Handler(FileStore files) : IQueryHandler<Query, FileRecord>
    {
        public async ValueTask<FileRecord> Handle(Query query, CancellationToken cancellationToken) =>
            await files.GetAsync(query.Id, query.Owner, cancellationToken) ?? throw new NotFoundException($"File '{query.Id}'");
    }
}
