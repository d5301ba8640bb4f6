namespace Folio.Generation.Chat;

/// <summary>How Folio answers: with a chat model, or from the documents' own sentences.</summary>
public enum GenerationMode
{
    /// <summary>No chat model is configured: answers are the best supporting spans of the documents.</summary>
    Extractive,

    /// <summary>A chat model writes the answer, citing its sources.</summary>
    Generative,
}
