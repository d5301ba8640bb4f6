using System.ComponentModel.DataAnnotations;

namespace Folio.Extraction.Chunking;

/// <summary>How documents are cut into chunks (configuration section <c>Chunking</c>).</summary>
public sealed class ChunkingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Chunking";

    /// <summary>
    /// Most model tokens in a chunk's <see cref="Chunk.EmbeddingText"/>, heading prefix included.
    /// Default: 256 word pieces, all-MiniLM-L6-v2's max_seq_length
    /// (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), less 2 for [CLS] and [SEP].
    /// </summary>
    [Range(16, 8192)]
    public int MaxTokens { get; set; } = 254;

    /// <summary>Chunks below this many tokens are merged with the next block when they can be. Default: 64.</summary>
    [Range(0, 8192)]
    public int MinTokens { get; set; } = 64;

    /// <summary>Most heading levels kept in the prefix, innermost kept. Default: 3.</summary>
    [Range(0, 16)]
    public int MaxHeadingDepth { get; set; } = 3;
}
