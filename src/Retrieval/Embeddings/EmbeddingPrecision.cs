namespace Folio.Retrieval.Embeddings;

/// <summary>Numeric precision of the embedding model's weights.</summary>
public enum EmbeddingPrecision
{
    /// <summary>The model as shipped (32-bit floats).</summary>
    Fp32,

    /// <summary>MatMul weights quantised to 8-bit integers per column, activations quantised on the fly (ONNX Runtime's DynamicQuantizeMatMul).</summary>
    Int8,
}
