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
            var errors = validated.Validate()
                .GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray(), StringComparer.Ordinal);
            if (errors.Count > 0)
            {
                throw new RequestValidationException(errors);
            }
        }

        return next(message, cancellationToken);
    }
}
