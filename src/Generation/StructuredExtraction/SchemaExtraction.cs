using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Folio.Extraction;
using Folio.Extraction.Chunking;
using Folio.Retrieval.Documents;
using Folio.Retrieval.Search;

namespace Folio.Generation.StructuredExtraction;

/// <summary>
/// Extracts a schema's data from a ready document, grounds every value in the document's text, and
/// validates the result. Online and streaming callers share one path: <see cref="StreamAsync"/> yields a
/// <see cref="FieldExtracted"/> per value then <see cref="ExtractionDone"/>; <see cref="ExtractAsync"/> waits for the last.
/// </summary>
public sealed class SchemaExtraction
{
    private readonly DocumentStore _store;
    private readonly DocumentFiles _files;
    private readonly ExtractiveExtractor _extractive;
    private readonly ExtractionOptions _options;
    private readonly GenerationBackend _backend;
    private readonly GenerativeExtractor _generative;

    internal SchemaExtraction(DocumentStore store, DocumentFiles files, ExtractiveExtractor extractive, GenerationBackend backend, ExtractionOptions options)
    {
        _store = store;
        _files = files;
        _extractive = extractive;
        _options = options;
        _backend = backend;
        _generative = new GenerativeExtractor(backend, options);
    }

    /// <summary>The finished extraction.</summary>
    public async Task<ExtractionResult> ExtractAsync(ExtractionRequest request, CancellationToken cancellationToken = default)
    {
        await foreach (var step in StreamAsync(request, cancellationToken))
        {
            if (step is ExtractionDone done)
            {
                return done.Result;
            }
        }

        throw new InvalidOperationException("An extraction stream ended without its result.");
    }

    /// <summary>The events of the extraction: one per value, then the result.</summary>
    /// <exception cref="InvalidOperationException">The document is unknown or not parsed yet (callers check its status first).</exception>
    public async IAsyncEnumerable<ExtractionEvent> StreamAsync(ExtractionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var record = await _store.GetAsync(request.DocumentId, cancellationToken)
            ?? throw new InvalidOperationException($"Document '{request.DocumentId}' does not exist.");
        var parsed = await _files.LoadParsedAsync(record.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Document '{record.Id}' is not parsed yet.");
        var chunks = await _files.LoadChunksAsync(record.Id, cancellationToken) ?? [];
        var text = parsed.Text;
        if (_backend.IsGenerative)
        {
            await foreach (var step in GenerativeAsync(request, record, parsed, chunks, cancellationToken))
            {
                yield return step;
            }

            yield break;
        }

        // 1. Every leaf, by pointer, found in one pass so candidates are embedded in one batch.
        var leaves = new List<FieldProfile>();
        var lists = new List<(FieldProfile Items, SchemaField Array)>();
        Collect(request.Schema.Root, "", "", leaves, lists);
        var found = await _extractive.ExtractAsync(text, leaves, cancellationToken);
        var values = new Dictionary<string, (JsonNode? Value, (int, int)? Span)>(StringComparer.Ordinal);
        for (var i = 0; i < leaves.Count; i++)
        {
            values[leaves[i].Pointer] = found[i] is { } f ? (f.Value, (f.Start, f.End)) : (null, null);
        }

        var listValues = lists.ToDictionary(l => l.Items.Pointer, l => _extractive.ExtractList(text, l.Items, _options.MaxArrayItems), StringComparer.Ordinal);

        // 2. Ground each value, then build the data in schema order.
        var fields = new Dictionary<string, FieldResult>(StringComparer.Ordinal);
        var errors = new List<ExtractionError>();
        var events = new List<ExtractionEvent>();
        FieldResult Ground(string pointer, JsonNode? value, (int, int)? span)
        {
            if (value is null)
            {
                return new FieldResult(null, false, []);
            }

            if (ValueGrounder.Ground(text, value, span) is { } at)
            {
                return new FieldResult(value, true, [Evidence(record, parsed, chunks, at.Start, at.End, at.Match)]);
            }

            if (request.RequireGrounding)
            {
                errors.Add(new ExtractionError(pointer, "The value was not found in the document, so it is null (requireGrounding)."));
                return new FieldResult(null, false, []);
            }

            return new FieldResult(value, false, []);
        }

        JsonNode? Build(SchemaField field, string pointer)
        {
            switch (field.Type)
            {
                case FieldType.Object:
                    var obj = new JsonObject();
                    foreach (var property in field.Properties)
                    {
                        obj[property.Name] = Build(property, pointer + "/" + Escape(property.Name));
                    }

                    return obj;
                case FieldType.Array:
                    var array = new JsonArray();
                    if (field.Items is { IsLeaf: true } && listValues.TryGetValue(pointer, out var items))
                    {
                        foreach (var item in items)
                        {
                            var result = Ground(pointer + "/" + array.Count, item.Value, (item.Start, item.End));
                            if (result.Value is not null)
                            {
                                var itemPointer = pointer + "/" + array.Count;
                                array.Add(result.Value.DeepClone());
                                fields[itemPointer] = result;
                                events.Add(new FieldExtracted(itemPointer, result));
                            }
                        }
                    }

                    return array.Count == 0 && field.Nullable ? null : array;
                default:
                    var (value, span) = values[pointer];
                    var leaf = Ground(pointer, value, span);
                    fields[pointer] = leaf;
                    events.Add(new FieldExtracted(pointer, leaf));
                    return leaf.Value?.DeepClone();
            }
        }

        var data = Build(request.Schema.Root, "");
        foreach (var step in events)
        {
            yield return step;
        }

        var violations = request.Schema.Validate(data);
        errors.AddRange(violations);
        yield return new ExtractionDone(new ExtractionResult(data, violations.Count == 0, errors, ExtractionMode.Extractive, fields, Usage: null));
    }

    /// <summary>
    /// The generative path: the model's schema-constrained answer (validated, repaired at most
    /// <see cref="ExtractionOptions.MaxRepairRounds"/> times), then every leaf grounded in the text.
    /// </summary>
    private async IAsyncEnumerable<ExtractionEvent> GenerativeAsync(ExtractionRequest request, DocumentRecord record, ParsedDocument parsed, IReadOnlyList<Chunk> chunks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var generated = await _generative.ExtractAsync(parsed.Text, chunks, request.Schema, request.Instructions, cancellationToken);
        var fields = new Dictionary<string, FieldResult>(StringComparer.Ordinal);
        var errors = new List<ExtractionError>(generated.Errors);
        var data = generated.Data;

        // Grounds a leaf, nulling it through replace when grounding is required and fails.
        void Leaf(string pointer, JsonNode? value, Action<JsonNode?> replace)
        {
            if (value is null || value.GetValueKind() is not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number))
            {
                fields[pointer] = new FieldResult(value?.DeepClone(), false, []);
                return;
            }

            if (ValueGrounder.Ground(parsed.Text, value) is { } at)
            {
                fields[pointer] = new FieldResult(value.DeepClone(), true, [Evidence(record, parsed, chunks, at.Start, at.End, at.Match)]);
            }
            else if (request.RequireGrounding)
            {
                errors.Add(new ExtractionError(pointer, "The value was not found in the document, so it is null (requireGrounding)."));
                replace(null);
                fields[pointer] = new FieldResult(null, false, []);
            }
            else
            {
                fields[pointer] = new FieldResult(value.DeepClone(), false, []);
            }
        }

        void Walk(JsonNode? node, SchemaField field, string pointer)
        {
            switch (node)
            {
                case JsonObject obj when field.Type == FieldType.Object:
                    foreach (var property in field.Properties)
                    {
                        var child = obj[property.Name];
                        var childPointer = pointer + "/" + Escape(property.Name);
                        if (property.IsLeaf)
                        {
                            Leaf(childPointer, child, v => obj[property.Name] = v);
                        }
                        else
                        {
                            Walk(child, property, childPointer);
                        }
                    }

                    break;
                case JsonArray array when field.Items is { } items:
                    for (var i = 0; i < array.Count; i++)
                    {
                        var index = i;
                        if (items.IsLeaf)
                        {
                            Leaf(pointer + "/" + index, array[index], v => array[index] = v);
                        }
                        else
                        {
                            Walk(array[index], items, pointer + "/" + index);
                        }
                    }

                    break;
            }
        }

        Walk(data, request.Schema.Root, "");
        foreach (var (pointer, field) in fields)
        {
            yield return new FieldExtracted(pointer, field);
        }

        // Grounding may have nulled values: the schema has the last word.
        var violations = data is null ? generated.Errors : request.Schema.Validate(data);
        errors.AddRange(violations.Where(v => !errors.Contains(v)));
        yield return new ExtractionDone(new ExtractionResult(data, violations.Count == 0, errors, ExtractionMode.Generative, fields, generated.Usage));
    }

    /// <summary>The JSON pointer token for a property name (RFC 6901).</summary>
    internal static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static void Collect(SchemaField field, string pointer, string parent, List<FieldProfile> leaves, List<(FieldProfile, SchemaField)> lists)
    {
        switch (field.Type)
        {
            case FieldType.Object:
                foreach (var property in field.Properties)
                {
                    Collect(property, pointer + "/" + Escape(property.Name), field.Name, leaves, lists);
                }

                break;
            case FieldType.Array when field.Items is { IsLeaf: true } items:
                lists.Add((FieldProfile.For(pointer, items with { Description = items.Description.Length > 0 ? items.Description : field.Description }, parent), field));
                break;
            case FieldType.Array:
                // Arrays of objects need a model (or a table reader): extractive mode leaves them empty.
                break;
            default:
                leaves.Add(FieldProfile.For(pointer, field, parent));
                break;
        }
    }

    private Evidence Evidence(DocumentRecord record, ParsedDocument parsed, IReadOnlyList<Chunk> chunks, int start, int end, string match)
    {
        var chunk = chunks.FirstOrDefault(c => c.Start <= start && start < c.End) ?? chunks.LastOrDefault(c => c.Start <= start);
        var box = _files.FindBox(record.Id, start, end);
        return new Evidence(record.Id, record.FileName, box?.Page ?? chunk?.Page ?? 1, chunk?.Id ?? string.Empty, start, end, parsed.Text[start..end], match, box?.Box);
    }
}
