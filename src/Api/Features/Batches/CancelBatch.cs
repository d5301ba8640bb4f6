using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Folio.Api.Features.Batches;

/// <summary>
/// <c>POST /v1/batches/{id}/cancel</c>: a validating or running batch becomes <c>cancelling</c>; lines already
/// running finish, the others are not started, then it is <c>cancelled</c> with the finished lines in its output
/// file and the rest in its error file. A batch that already ended is answered as it is (409 <c>batch_finished</c>).
/// </summary>
public static class CancelBatch
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/batches/{id}/cancel", async Task<Results<Ok<BatchResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> (
                    string id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new Command(id, Owner.Of(http)), cancellationToken)))
            .RequireScope(KeyScope.Read)
            .WithName("CancelBatch").WithSummary("Cancel a batch (finished lines are kept)").WithTags("Batches");

    public sealed record Command(string Id, string? Owner) : ICommand<BatchResponse>;

    public sealed class Handler(BatchStore batches) : ICommandHandler<Command, BatchResponse>
    {
        public async ValueTask<BatchResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var batch = await batches.CancelAsync(command.Id, command.Owner, cancellationToken) ?? throw new NotFoundException($"Batch '{command.Id}'");
            return batch.Status is BatchStatus.Cancelling or BatchStatus.Cancelled
                ? await BatchResponse.FromAsync(batch, batches, cancellationToken)
                : throw new BatchFinishedException(batch.Id, batch.Status);
        }
    }
}
