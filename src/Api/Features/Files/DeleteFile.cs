using System.Text.Json.Serialization;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Files;

/// <summary><c>DELETE /v1/files/{id}</c>: removes a file (a batch that already started keeps its lines).</summary>
public static class DeleteFile
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/v1/files/{id}", async Task<Results<Ok<Response>, NotFound<ProblemDetails>>> (string id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Command(id, Owner.Of(http)), cancellationToken)))
            .RequireScope(KeyScope.Read)
            .WithName("DeleteFile").WithSummary("Delete a file").WithTags("Files");

    public sealed record Command(string Id, string? Owner) : ICommand<Response>;

    /// <summary>OpenAI's deletion object.</summary>
    public sealed record Response(string Id, [property: JsonPropertyName("object")] string Object, bool Deleted);

    public sealed class Handler(FileStore files) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken) =>
            await files.DeleteAsync(command.Id, command.Owner, cancellationToken)
                ? new Response(command.Id, "file", true)
                : throw new NotFoundException($"File '{command.Id}'");
    }
}
