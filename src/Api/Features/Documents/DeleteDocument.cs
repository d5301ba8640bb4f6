using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Documents;

/// <summary>
/// <c>DELETE /v1/documents/{id}</c>: removes the index entries, then the metadata row, then the index
/// entries once more and the files. If the index is down, nothing is removed and a retry finds the
/// document still there; a worker mid-ingestion sees the row gone at its next step and cleans up after
/// itself; the second index pass removes what a worker upserted between the first pass and the row.
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

    public sealed class Handler(ISender sender, DocumentStore store, IChunkIndex index, DocumentFiles files) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await sender.Send(new GetDocument.Query(command.Id), cancellationToken);
            await index.DeleteDocumentAsync(document.Collection, document.Id, cancellationToken);
            await store.DeleteAsync(document.Id, cancellationToken);
            await index.DeleteDocumentAsync(document.Collection, document.Id, CancellationToken.None);
            files.Delete(document.Id);
            return Unit.Value;
        }
    }
}
