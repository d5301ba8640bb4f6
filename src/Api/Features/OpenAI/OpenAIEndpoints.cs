namespace Folio.Api.Features.OpenAI;

/// <summary>
/// The OpenAI-compatible surface: <c>/v1/embeddings</c>, <c>/v1/chat/completions</c> and <c>/v1/models</c>, shaped
/// as OpenAI's API so its clients work unchanged. Errors stay Folio's ProblemDetails with <c>errorCode</c>; OpenAI's
/// clients surface any non-2xx status as an exception carrying it.
/// </summary>
public static class OpenAIEndpoints
{
    /// <summary>Registers the endpoints' options, bound to <see cref="OpenAICompatibleOptions.Section"/> and validated at start-up.</summary>
    public static void AddOpenAICompatible(IServiceCollection services, IConfiguration configuration) =>
        services.AddOptions<OpenAICompatibleOptions>().Bind(configuration.GetSection(OpenAICompatibleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

    public static void Map(IEndpointRouteBuilder app)
    {
        CreateEmbeddings.Map(app);
        CreateChatCompletion.Map(app);
        ListModels.Map(app);
    }
}
