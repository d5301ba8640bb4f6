using Mediator;

namespace Folio.Api.Infrastructure;

/// <summary>Validates every <see cref="IValidate"/> request once, before its handler, turning problems into a 400 <c>validation_failed</c>.</summary>
internal sealed class ValidationBehaviour<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IValidate validated)
        {
            RequestValidationException.ThrowIfInvalid(validated);
        }

        return next(message, cancellationToken);
    }
}
