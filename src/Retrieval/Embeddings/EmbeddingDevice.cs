namespace Folio.Retrieval.Embeddings;

/// <summary>Where the embedding model runs.</summary>
public enum EmbeddingDevice
{
    /// <summary>CUDA when this is the CUDA build (<c>-p:FolioAccelerator=cuda</c>) and a GPU answers, else CPU.</summary>
    Auto,

    /// <summary>ONNX Runtime's CPU execution provider.</summary>
    Cpu,

    /// <summary>ONNX Runtime's CUDA execution provider; only in the CUDA build, and start-up fails without a GPU.</summary>
    Cuda,
}
