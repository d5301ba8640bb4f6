using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Folio.Api.Features.Documents;
using Folio.Api.Infrastructure;
using Folio.Api.Infrastructure.Access;
using Folio.Retrieval.Access;
using Folio.Extraction;
using Folio.Generation.StructuredExtraction;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Ingestion;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Folio.Api.Features.Extractions;

/// <summary>
/// <c>POST /v1/extractions</c>: a JSON Schema in, schema-valid JSON out, every value with its evidence.
/// JSON <c>{"documentId","schema","instructions?","requireGrounding?","stream?"}</c> works on a stored
/// document; multipart <c>file</c> + <c>schema</c> (+ <c>instructions</c>, <c>collection</c>,
/// <c>requireGrounding</c>, <c>stream</c>) ingests the file on the way (the same bytes are the same
/// document) and waits for it, bounded by <c>Ingestion:MaxWait</c>. The schema is checked before any work.
/// With <c>stream: true</c> the result comes as Server-Sent Events: a <c>field</c> event per value, then <c>done</c>.
/// </summary>
public static class CreateExtraction
{
    public const int MaxInstructionsLength = 4_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/v1/extractions", HandleAsync)
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireScope(KeyScope.Read)
            .RequireRateLimiting(AccessServiceCollectionExtensions.GenerationPolicy)
            .WithName("CreateExtraction").WithSummary("Extract JSON that follows a JSON Schema from a document, with evidence for every value").WithTags("Extractions")
            .Accepts<Request>("application/json", "multipart/form-data")
            .DisableAntiforgery();

    /// <summary>The extraction asked for; <c>schema</c> is a JSON Schema 2020-12 object (see README for the supported subset).</summary>
    public sealed record Request(string? DocumentId, JsonElement? Schema, string? Instructions, bool? RequireGrounding, bool? Stream)
        : IQuery<IAsyncEnumerable<ExtractionEvent>>, IValidate
    {
        public IEnumerable<(string Field, string Error)> Validate()
        {
            if (string.IsNullOrWhiteSpace(DocumentId))
            {
                yield return ("documentId", "documentId must not be empty.");
            }

            if (Schema is not { ValueKind: JsonValueKind.Object })
            {
                yield return ("schema", "schema must be a JSON Schema object.");
            }

            if (Instructions is { Length: > MaxInstructionsLength })
            {
                yield return ("instructions", $"instructions are at most {MaxInstructionsLength} characters.");
            }
        }
    }

    /// <summary>The result: <c>fields</c> holds every value by JSON pointer with its evidence; <c>usage</c> is absent in extractive mode.</summary>
    public sealed record Response(JsonNode? Data, bool Valid, IReadOnlyList<ExtractionError> Errors, ExtractionMode Mode, IReadOnlyDictionary<string, FieldResult> Fields, ExtractionUsage? Usage)
    {
        public static Response From(ExtractionResult result) => new(result.Data, result.Valid, result.Errors, result.Mode, result.Fields, result.Usage);
    }

    public sealed class Handler(VisibleDocuments documents, SchemaExtraction extraction, IOptions<ExtractionOptions> options, Caller caller, AuditLog audit) : IQueryHandler<Request, IAsyncEnumerable<ExtractionEvent>>
    {
        public async ValueTask<IAsyncEnumerable<ExtractionEvent>> Handle(Request request, CancellationToken cancellationToken)
        {
            // The schema first: a bad one is a 400 whatever the document's state.
            var schema = ExtractionSchema.Parse(request.Schema!.Value, options.Value);
            var document = await documents.GetAsync(request.DocumentId!, cancellationToken) ?? throw new NotFoundException($"Document '{request.DocumentId}'");
            switch (document.Status)
            {
                case DocumentStatus.Failed:
                    throw new DocumentFailedException(document.Id, document.Error);
                case not DocumentStatus.Ready:
                    throw new DocumentNotReadyException(document.Id, document.Status);
            }

            await audit.RecordAsync(caller, AuditLog.Extraction, document.Collection, document.Id);
            return extraction.StreamAsync(new ExtractionRequest(document.Id, schema, request.Instructions, request.RequireGrounding ?? false), cancellationToken);
        }
    }

    private static async Task<IResult> HandleAsync(HttpRequest http, ISender sender, Caller caller, DocumentStore store, DataFolder data, IOptions<ParsingOptions> parsing,
        IOptions<IngestionOptions> ingestion, IOptions<ExtractionOptions> extraction, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        Request request;
        if (http.HasFormContentType)
        {
            // A file in the form is stored as a document: that takes the write scope.
            if (!caller.Has(KeyScope.Write))
            {
                throw new ForbiddenException("Extracting from an uploaded file stores it: this takes a key with the 'write' scope. Send a documentId to extract from a stored document.");
            }

            using var form = await UploadForm.ReadAsync(http, data.Uploads, parsing.Value.MaxBytes, maxFiles: 1, ingestion.Value.MaxRequestBytes,
                UploadDocuments.CheckField, cancellationToken);
            var schema = ParseJson(form.Field("schema"), "schema");
            // Checked before the file is stored, so a bad schema stores nothing.
            _ = ExtractionSchema.Parse(schema, extraction.Value);
            var uploaded = await sender.Send(new UploadDocuments.Command(form.Field("collection"), form.Fields.GetValueOrDefault("tags") ?? [], form.Files,
                ingestion.Value.MaxTagsPerDocument), cancellationToken);
            await WaitAsync(store, uploaded[0].Id, ingestion.Value.MaxWait, cancellationToken);
            request = new Request(uploaded[0].Id, schema, form.Field("instructions"), Flag(form.Field("requireGrounding"), "requireGrounding"), Flag(form.Field("stream"), "stream"));
        }
        else
        {
            try
            {
                request = await http.ReadFromJsonAsync<Request>(json.Value.SerializerOptions, cancellationToken)
                    ?? throw new RequestValidationException("body", "The body must be a JSON object.");
            }
            catch (JsonException)
            {
                throw new RequestValidationException("body", "The body is not valid JSON (or a value has the wrong type).");
            }
            catch (InvalidOperationException)
            {
                throw new RequestValidationException("body", "Send a JSON object (application/json) or a multipart form with 'file' and 'schema'.");
            }
        }

        var events = await sender.Send(request, cancellationToken);
        return request.Stream == true
            ? TypedResults.ServerSentEvents(AsSse(events, cancellationToken))
            : TypedResults.Ok(await ResponseAsync(events, cancellationToken));
    }

    /// <summary>Reads an extraction stream to its end: the non-streamed response (the route's and a batch line's).</summary>
    public static async Task<Response> ResponseAsync(IAsyncEnumerable<ExtractionEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var step in events.WithCancellation(cancellationToken))
        {
            if (step is ExtractionDone done)
            {
                return Response.From(done.Result);
            }
        }

        throw new InvalidOperationException("An extraction stream ended without its result.");
    }

    /// <summary>Waits, bounded, for a just-uploaded document to be ready or failed; the handler then answers for its state.</summary>
    private static async Task WaitAsync(DocumentStore store, string id, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + maxWait;
        while (DateTimeOffset.UtcNow < deadline
            && await store.GetAsync(id, cancellationToken) is { Status: not (DocumentStatus.Ready or DocumentStatus.Failed) })
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static JsonElement ParseJson(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RequestValidationException(field, $"The form needs a '{field}' field (a JSON Schema object).");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new RequestValidationException(field, $"'{field}' is not valid JSON.");
        }
    }

    private static bool? Flag(string? value, string field) => value switch
    {
        null => null,
        _ when bool.TryParse(value, out var flag) => flag,
        _ => throw new RequestValidationException(field, $"'{field}' is true or false."),
    };

    private static async IAsyncEnumerable<SseItem<object>> AsSse(IAsyncEnumerable<ExtractionEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var step in events.WithCancellation(cancellationToken))
        {
            yield return step switch
            {
                FieldExtracted field => new SseItem<object>(new { pointer = field.Pointer, field.Field.Value, field.Field.Grounded, field.Field.Evidence }, "field"),
                ExtractionDone done => new SseItem<object>(Response.From(done.Result), "done"),
                _ => throw new InvalidOperationException($"Unknown extraction event {step.GetType().Name}."),
            };
        }
    }
}
