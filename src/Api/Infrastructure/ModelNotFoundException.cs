namespace Folio.Api.Infrastructure;

/// <summary>An OpenAI-style request naming a model Folio does not serve; becomes a 404 <c>model_not_found</c>.</summary>
internal sealed class ModelNotFoundException(string model) : Exception($"The model '{model}' does not exist; GET /v1/models lists the models that do.");
