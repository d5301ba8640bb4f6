namespace Folio.Retrieval.Index.Embedded;

/// <summary>
/// A collection's row: the model and dimension its vectors must have, the write generation (bumped by
/// every change), and the largest chunk key and byte length of the last saved graph file (−1: none). A
/// file of another length is not that file and is rebuilt; rows with larger keys were added after the save.
/// </summary>
internal sealed record CollectionRecord(string Name, string ModelId, int Dimensions, long Generation, long SavedKey, long SavedBytes);
