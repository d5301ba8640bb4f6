using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Documents;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary>
/// <c>DELETE /v1/documents/{id}</c>: removes the index entries, the metadata row and the files
/// (<see cref="DocumentService.DeleteAsync"/>). If the index is down nothing is removed and a retry finds the
/// document still there; once it answers, no worker mid-ingestion can add the document's chunks back.
/// </summary>
public static class DeleteDocument
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/v1/documents/{id}", async Task<Results<NoContent, NotFound<ProblemDetails>>> (string id, ISender sender, CancellationToken cancellationToken) =>
            {
                await sender.Send(new Command(id), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteDocument").WithSummary("Delete a document, its file, chunks and index entries").WithTags("Documents");

    public sealed record Command(string Id) : ICommand;

    public sealed class Handler(ISender sender, DocumentService documents, Caller caller, AuditLog audit) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(command.Id), cancellationToken);
            if (!await documents.DeleteAsync(document.Id, cancellationToken))
            {
                throw new NotFoundException($"Document '{command.Id}'");
            }

            await audit.RecordAsync(caller, AuditLog.Delete, document.Collection, document.Id);
            return Unit.Value;
        }
    }
}
