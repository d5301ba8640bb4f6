namespace Folio.Extraction;

/// <summary>
/// Counts tokens the way the embedding model will, so chunks fit its window. Owned here, implemented
/// by Retrieval's tokenizer, so that no reference points upward.
/// </summary>
public interface ITokenCounter
{
    /// <summary>The number of model tokens in <paramref name="text"/>, without the model's special tokens.</summary>
    int CountTokens(string text);
}
