namespace Folio.Retrieval.Index;

/// <summary>Which chunks a search may return: one collection, optionally some documents, optionally tags that must all match.</summary>
public sealed record ChunkFilter(string Collection, IReadOnlyList<string>? DocumentIds = null, IReadOnlyDictionary<string, string>? Tags = null);
