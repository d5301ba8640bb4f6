namespace Folio.Retrieval.Index;

/// <summary>A collection already holds embeddings of another model; vectors of two models cannot be compared.</summary>
public sealed class IndexModelMismatchException(string collection, string existingModel, string requestedModel)
    : Exception($"Collection '{collection}' holds embeddings of model '{existingModel}', not '{requestedModel}'.")
{
    /// <summary>The collection.</summary>
    public string Collection { get; } = collection;
}
