using System.Text.Json.Nodes;
using Folio.Retrieval.Search;

namespace Folio.Generation.StructuredExtraction;

/// <summary>How values were extracted.</summary>
public enum ExtractionMode
{
    /// <summary>Schema-guided heuristics and typed parsers; no model.</summary>
    Extractive,

    /// <summary>A chat model, constrained to the schema.</summary>
    Generative,
}

/// <summary>An extraction to run: a ready document, a checked schema, and whether ungrounded values are dropped.</summary>
/// <param name="DocumentId">The document.</param>
/// <param name="Schema">The checked schema.</param>
/// <param name="Instructions">Extra guidance for a model; not used in extractive mode.</param>
/// <param name="RequireGrounding">When true, values not found in the document become null and are listed in the errors.</param>
public sealed record ExtractionRequest(string DocumentId, ExtractionSchema Schema, string? Instructions, bool RequireGrounding);

/// <summary>One value of the result (a leaf or an array item) with its evidence.</summary>
/// <param name="Value">The value (null when nothing was found).</param>
/// <param name="Grounded">Whether the value was located in the document's text.</param>
/// <param name="Evidence">Where: the evidence records of DESIGN.md, <c>match</c> saying how the value matched.</param>
public sealed record FieldResult(JsonNode? Value, bool Grounded, IReadOnlyList<Evidence> Evidence);

/// <summary>Tokens a chat model read and wrote for one extraction.</summary>
public sealed record ExtractionUsage(long InputTokens, long OutputTokens);

/// <summary>The extracted data and everything needed to trust it.</summary>
/// <param name="Data">The JSON the schema describes.</param>
/// <param name="Valid">Whether <paramref name="Data"/> validates against the schema.</param>
/// <param name="Errors">Schema violations and values dropped for want of evidence, by JSON pointer.</param>
/// <param name="Mode">How the values were extracted.</param>
/// <param name="Fields">Every leaf and array item by JSON pointer (<c>/party/0</c>), with its evidence.</param>
/// <param name="Usage">Tokens used; null in extractive mode.</param>
public sealed record ExtractionResult(
    JsonNode? Data, bool Valid, IReadOnlyList<ExtractionError> Errors, ExtractionMode Mode, IReadOnlyDictionary<string, FieldResult> Fields, ExtractionUsage? Usage);

/// <summary>What an extraction in progress reports: each field as it completes, then the whole result.</summary>
public abstract record ExtractionEvent;

/// <summary>A completed field.</summary>
public sealed record FieldExtracted(string Pointer, FieldResult Field) : ExtractionEvent;

/// <summary>The finished extraction.</summary>
public sealed record ExtractionDone(ExtractionResult Result) : ExtractionEvent;
