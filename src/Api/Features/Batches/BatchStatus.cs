namespace Folio.Api.Features.Batches;

/// <summary>
/// OpenAI's batch statuses: <c>validating → in_progress → finalizing → completed</c>, or <c>failed</c> (the input
/// did not validate), <c>expired</c> (the completion window ran out), <c>cancelling → cancelled</c>.
/// </summary>
public enum BatchStatus
{
    Validating,
    InProgress,
    Finalizing,
    Completed,
    Failed,
    Expired,
    Cancelling,
    Cancelled,
}
