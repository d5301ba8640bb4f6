namespace Folio.Api.Infrastructure;

/// <summary>Bad request input; becomes a 400 <c>validation_failed</c> with the offending fields.</summary>
internal sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public RequestValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>Throws when <paramref name="request"/> finds problems with itself: the check every <see cref="IValidate"/> request gets before its handler.</summary>
    public static void ThrowIfInvalid(IValidate request)
    {
        var errors = request.Validate()
            .GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray(), StringComparer.Ordinal);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }
}
