using System.ComponentModel.DataAnnotations;

namespace Folio.Retrieval.Documents;

/// <summary>Where Folio keeps its data (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Storage";

    /// <summary>
    /// The data folder: metadata and queue (SQLite), original files, parsed documents, the embedded
    /// index and the embedding cache. Relative paths are resolved from the working directory. Default: <c>data</c>.
    /// </summary>
    [Required]
    public string DataFolder { get; set; } = "data";
}
