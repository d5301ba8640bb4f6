namespace Folio.Api.Features.Batches;

/// <summary>A batch that already ended was asked to cancel; becomes a 409 <c>batch_finished</c>.</summary>
internal sealed class BatchFinishedException(string batchId, BatchStatus status)
    : Exception($"Batch '{batchId}' is already {BatchResponse.StatusName(status)}.");
