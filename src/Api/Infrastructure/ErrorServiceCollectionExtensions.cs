namespace Folio.Api.Infrastructure;

/// <summary>Registers ProblemDetails so every error response, even a bare 404 or 405, carries an <c>errorCode</c>.</summary>
internal static class ErrorServiceCollectionExtensions
{
    public static IServiceCollection AddFolioErrors(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (!context.ProblemDetails.Extensions.ContainsKey("errorCode"))
            {
                context.ProblemDetails.Extensions["errorCode"] = context.ProblemDetails.Status switch
                {
                    StatusCodes.Status404NotFound => ErrorCodes.NotFound,
                    StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
                    StatusCodes.Status413PayloadTooLarge => context.HttpContext.Request.HasFormContentType ? ErrorCodes.DocumentTooLarge : ErrorCodes.RequestTooLarge,
                    StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
                    >= 400 and < 500 => ErrorCodes.ValidationFailed,
                    _ => ErrorCodes.InternalError,
                };
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }
}
