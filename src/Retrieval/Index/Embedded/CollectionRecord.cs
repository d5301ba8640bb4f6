namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// A collection's row: the model and dimension its vectors must have, the write generation (bumped by
/// every change), and the generation and byte length of the last saved graph file — a file whose
/// generation or length differs is stale and rebuilt from SQLite.
/// </summary>
internal sealed record CollectionRecord(string Name, string ModelId, int Dimensions, long Generation, long SavedGeneration, long SavedBytes);
