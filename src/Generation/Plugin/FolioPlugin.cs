using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Folio.Generation.Answering;
using Folio.Generation.Chat;
using Folio.Generation.StructuredExtraction;
using Folio.Retrieval.Access;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Index;
using Folio.Retrieval.Search;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Folio.Generation.Plugin;

/// <summary>
/// Folio's search, questions, structured extraction and document list as Semantic Kernel functions, for an
/// agent in the same process (the MCP server offers the same four to remote agents). Every function answers
/// compact JSON with the evidence records of DESIGN.md; bad arguments and unavailable dependencies come back
/// as <c>{"error":{"code","message"}}</c> with the API's error codes, so the model can correct itself and the
/// agent loop goes on. Every function sees only the collections the caller may use (<see cref="ICollectionAccess"/>):
/// another collection's documents do not exist for it.
/// </summary>
public sealed class FolioPlugin(ChunkSearch search, QuestionAnswering answering, SchemaExtraction extraction, VisibleDocuments documents, ICollectionAccess access,
    IOptions<ExtractionOptions> extractionOptions)
{
    /// <summary>The name the plugin is registered under: its functions reach a model as <c>folio_search</c> and so on.</summary>
    public const string Name = "folio";

    /// <summary>The most results <c>search</c> returns.</summary>
    public const int MaxTopK = 20;

    /// <summary>The longest query or question accepted, in characters.</summary>
    public const int MaxTextLength = 4_000;

    /// <summary>The most documents one <c>list_documents</c> call returns.</summary>
    public const int MaxLimit = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Searches a collection's chunks (hybrid: meaning and keywords).</summary>
    [KernelFunction("search")]
    [Description("Finds the passages of stored documents that best match a query (by meaning and keywords). Use it to look things up or to find which document mentions something; use 'ask' instead for a direct answer. Returns the passages best first, each with its evidence: documentId, fileName, page, start/end character offsets and the exact quote.")]
    public async Task<string> SearchAsync(
        [Description("What to look for: a few words or a question.")] string query,
        [Description("The collection to search. Omit for the 'default' collection (or your only one).")] string? collection = null,
        [Description("How many passages to return, 1 to 20. Default 5.")] int topK = 5,
        CancellationToken cancellationToken = default)
    {
        if (Check(Text(query, "query") ?? Collection(collection) ?? (topK is < 1 or > MaxTopK ? $"topK is between 1 and {MaxTopK}." : null)) is { } invalid)
        {
            return invalid;
        }

        return await RunAsync(async () =>
        {
            var hits = await search.SearchAsync(query, new ChunkFilter(access.Resolve(collection)), topK, SearchMode.Hybrid, cancellationToken);
            return new
            {
                results = hits.Select(h => new { Score = Math.Round(h.Score, 4), h.Chunk.Text, h.Evidence }),
            };
        });
    }

    /// <summary>Answers a question from a collection's documents, with citations.</summary>
    [KernelFunction("ask")]
    [Description("Answers a question from the stored documents of a collection, citing its sources. Use it when the user wants an answer rather than passages. Returns the answer text, noAnswer=true when the documents do not support one (do not guess then), and citations with documentId, fileName, page, start/end character offsets and the exact quote.")]
    public async Task<string> AskAsync(
        [Description("The question, in natural language.")] string question,
        [Description("The collection to answer from. Omit for the 'default' collection (or your only one).")] string? collection = null,
        CancellationToken cancellationToken = default)
    {
        if (Check(Text(question, "question") ?? Collection(collection)) is { } invalid)
        {
            return invalid;
        }

        return await RunAsync(async () =>
        {
            var name = access.Resolve(collection);
            if ((await documents.ListAsync(new DocumentQuery(name, null, null, null, 1), cancellationToken)).Documents.Count == 0)
            {
                return Error(NotFound, $"Collection '{name}' has no documents. Call list_documents to see what is stored.");
            }

            var answer = await answering.AskAsync(new Question(question, new ChunkFilter(name), QuestionAnswering.DefaultTopK), cancellationToken);
            return new { answer = answer.Text, answer.Mode, answer.NoAnswer, answer.Citations };
        });
    }

    /// <summary>Extracts JSON that follows a JSON Schema from one stored document, every value with its evidence.</summary>
    [KernelFunction("extract")]
    [Description("Extracts structured data from one stored document as JSON that follows a JSON Schema you give (for example parties, dates, amounts of a contract). Needs a documentId from list_documents or search. Returns data (the JSON), valid (whether it follows the schema), errors, and fields: every value by JSON pointer with its evidence (page, start/end character offsets, exact quote).")]
    public async Task<string> ExtractAsync(
        [Description("The document's id, as list_documents or search return it (d_ followed by 20 hex digits).")] string documentId,
        [Description("A JSON Schema (2020-12) object as JSON text, e.g. {\"type\":\"object\",\"properties\":{\"effective_date\":{\"type\":\"string\",\"format\":\"date\",\"description\":\"when the agreement takes effect\"}}}. Describe each property: descriptions guide the extraction.")] string schema,
        CancellationToken cancellationToken = default)
    {
        if (!DocumentNames.IsDocumentId(documentId))
        {
            return Serialize(Error(ValidationFailed, "documentId: " + DocumentNames.DocumentIdRule + " Call list_documents for the ids."));
        }

        ExtractionSchema parsed;
        try
        {
            using var json = JsonDocument.Parse(schema ?? string.Empty);
            // A clone: the schema's validator keeps the element past this document's life.
            parsed = ExtractionSchema.Parse(json.RootElement.Clone(), extractionOptions.Value);
        }
        catch (JsonException)
        {
            return Serialize(Error(InvalidSchema, "schema is not valid JSON: give a JSON Schema object as JSON text."));
        }
        catch (InvalidSchemaException e)
        {
            return Serialize(Error(InvalidSchema, e.Message));
        }

        return await RunAsync(async () =>
        {
            var document = await documents.GetAsync(documentId, cancellationToken);
            switch (document?.Status)
            {
                case null:
                    return Error(NotFound, $"Document '{documentId}' does not exist. Call list_documents for the ids.");
                case DocumentStatus.Failed:
                    return Error(document.Error?.Code ?? "document_unreadable", $"Document '{documentId}' could not be processed: {document.Error?.Detail}");
                case not DocumentStatus.Ready:
                    return Error(DocumentNotReady, $"Document '{documentId}' is {document.Status.ToString().ToLowerInvariant()}; try again when it is ready.");
            }

            var result = await extraction.ExtractAsync(new ExtractionRequest(documentId, parsed, Instructions: null, RequireGrounding: false), cancellationToken);
            return new { result.Data, result.Valid, result.Errors, result.Mode, result.Fields };
        });
    }

    /// <summary>Lists stored documents, oldest first.</summary>
    [KernelFunction("list_documents")]
    [Description("Lists the stored documents of a collection, oldest first: id, fileName, status (only 'ready' documents can be searched or extracted from), pages, chunks. Use it to find a documentId or to see what a collection holds.")]
    public async Task<string> ListDocumentsAsync(
        [Description("The collection to list. Omit to list every collection's documents.")] string? collection = null,
        [Description("How many documents to return, 1 to 100. Default 20.")] int limit = 20,
        [Description("The nextCursor of the previous call, to get the next page. Omit for the first page.")] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        if (Check(Collection(collection) ?? (limit is < 1 or > MaxLimit ? $"limit is between 1 and {MaxLimit}." : null)) is { } invalid)
        {
            return invalid;
        }

        return await RunAsync(async () =>
        {
            try
            {
                var page = await documents.ListAsync(new DocumentQuery(collection, null, null, cursor, limit), cancellationToken);
                return new
                {
                    documents = page.Documents.Select(d => new { d.Id, d.Collection, d.FileName, d.Status, d.Pages, d.Chunks }),
                    page.NextCursor,
                };
            }
            catch (ArgumentException e) when (e.ParamName == "cursor")
            {
                return Error(ValidationFailed, "cursor is not one list_documents returned; omit it for the first page.");
            }
        });
    }

    // The API's errorCode values (README, error codes), so an agent sees the same words over REST, MCP and here.
    private const string ValidationFailed = "validation_failed";
    private const string NotFound = "not_found";
    private const string DocumentNotReady = "document_not_ready";
    private const string InvalidSchema = "invalid_schema";
    private const string DependencyUnavailable = "dependency_unavailable";
    private const string CollectionRequired = "collection_required";

    private static string? Text(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} must not be empty."
        : value.Length > MaxTextLength ? $"{name} is at most {MaxTextLength} characters."
        : null;

    private static string? Collection(string? value) => value is null || DocumentNames.IsCollection(value) ? null : "collection: " + DocumentNames.CollectionRule;

    private static string? Check(string? problem) => problem is null ? null : Serialize(Error(ValidationFailed, problem));

    private static object Error(string code, string message) => new { error = new { code, message } };

    private static string Serialize(object value) => JsonSerializer.Serialize(value, Json);

    /// <summary>Runs a call, turning an unavailable dependency or a collection the caller may not use into an error result the model can report.</summary>
    private static async Task<string> RunAsync(Func<Task<object>> call)
    {
        try
        {
            return Serialize(await call());
        }
        catch (CollectionNotVisibleException e)
        {
            return Serialize(Error(NotFound, e.Message + " Call list_documents to see the collections you can use."));
        }
        catch (CollectionRequiredException e)
        {
            return Serialize(Error(CollectionRequired, e.Message + " Call list_documents to see the collections you can use."));
        }
        catch (Exception e) when (e is ChunkIndexUnavailableException or ChatBackendUnavailableException)
        {
            return Serialize(Error(DependencyUnavailable, "A service Folio needs is unavailable (the index or the chat model); try again later."));
        }
    }
}
