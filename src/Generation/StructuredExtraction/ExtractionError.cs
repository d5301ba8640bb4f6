namespace Folio.Generation.StructuredExtraction;

/// <summary>A problem with an extraction result: <see cref="Pointer"/> is the JSON pointer of the value in <c>data</c>.</summary>
public sealed record ExtractionError(string Pointer, string Message);
