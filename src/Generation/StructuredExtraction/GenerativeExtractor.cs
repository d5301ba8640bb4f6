using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Folio.Extraction.Chunking;
using Microsoft.Extensions.AI;

namespace Folio.Generation.StructuredExtraction;

/// <summary>What the chat model returned: the data (null when it never wrote valid JSON), what is still wrong, the tokens used.</summary>
internal sealed record GeneratedData(JsonNode? Data, IReadOnlyList<ExtractionError> Errors, ExtractionUsage Usage);

/// <summary>
/// Extraction with the configured chat model: the document (whole when it fits the model's context, else
/// the chunks that share the most words with the schema's field names and descriptions, in document
/// order) and the schema go to the model with its output constrained to the schema (JSON-schema guidance
/// for ORT GenAI, <c>response_format</c> json_schema for OpenAI-compatible servers). The answer is validated;
/// while it is invalid, at most <see cref="ExtractionOptions.MaxRepairRounds"/> more rounds show the model
/// the validation errors. Still invalid: the errors are returned, never thrown.
/// </summary>
internal sealed class GenerativeExtractor(GenerationBackend backend, ExtractionOptions options)
{
    /// <summary>Context assumed when the backend does not say (an OpenAI-compatible server).</summary>
    private const int DefaultContextTokens = 4_096;

    /// <summary>Tokens kept for the schema, the instructions and the answer.</summary>
    private const int ReservedTokens = 1_536;

    /// <summary>A conservative characters-per-token ratio for budgeting without the model's tokenizer.</summary>
    private const int CharactersPerToken = 3;

    private static readonly string SystemPrompt = Prompt("extract.md");

    public async Task<GeneratedData> ExtractAsync(string text, IReadOnlyList<Chunk> chunks, ExtractionSchema schema, string? instructions, CancellationToken cancellationToken)
    {
        var chat = backend.ChatClient ?? throw new InvalidOperationException("No chat backend is configured: extraction is extractive.");
        var budget = Math.Max(1_000, ((backend.Status.ContextTokens ?? DefaultContextTokens) - ReservedTokens) * CharactersPerToken);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt),
            new(ChatRole.User, UserMessage(Context(text, chunks, schema, budget), schema, instructions)),
        };
        using var schemaDocument = JsonDocument.Parse(schema.Text);
        var chatOptions = new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.ForJsonSchema(schemaDocument.RootElement.Clone(), "extraction") };
        var (input, output) = (0L, 0L);
        JsonNode? data = null;
        IReadOnlyList<ExtractionError> errors = [];
        for (var round = 0; round <= options.MaxRepairRounds; round++)
        {
            var response = await chat.GetResponseAsync(messages, chatOptions, cancellationToken);
            input += response.Usage?.InputTokenCount ?? 0;
            output += response.Usage?.OutputTokenCount ?? 0;
            (data, errors) = Read(response.Text, schema);
            if (errors.Count == 0)
            {
                break;
            }

            messages.Add(new ChatMessage(ChatRole.Assistant, response.Text));
            messages.Add(new ChatMessage(ChatRole.User,
                "That JSON does not satisfy the schema:\n" + string.Join('\n', errors.Select(e => $"- {(e.Pointer.Length == 0 ? "(root)" : e.Pointer)}: {e.Message}"))
                + "\nAnswer again with the corrected JSON object only."));
        }

        return new GeneratedData(data, errors, new ExtractionUsage(input, output));
    }

    private static (JsonNode? Data, IReadOnlyList<ExtractionError> Errors) Read(string text, ExtractionSchema schema)
    {
        var json = text.Trim();
        // Some servers wrap JSON in a code fence even when asked not to.
        if (json.StartsWith("```", StringComparison.Ordinal))
        {
            json = json.Trim('`').Trim();
            json = json.StartsWith("json", StringComparison.OrdinalIgnoreCase) ? json[4..] : json;
        }

        try
        {
            var data = JsonNode.Parse(json);
            return (data, schema.Validate(data));
        }
        catch (JsonException e)
        {
            return (null, [new ExtractionError("", "The answer is not valid JSON: " + e.Message)]);
        }
    }

    /// <summary>The whole text when it fits; else the chunks sharing the most words with the schema's fields, in document order.</summary>
    private static string Context(string text, IReadOnlyList<Chunk> chunks, ExtractionSchema schema, int budget)
    {
        if (text.Length <= budget || chunks.Count == 0)
        {
            return text.Length <= budget ? text : text[..budget];
        }

        var terms = Words(FieldWords(schema.Root)).ToHashSet(StringComparer.Ordinal);
        var chosen = new List<Chunk>();
        var used = 0;
        foreach (var chunk in chunks.OrderByDescending(c => Words(c.Text).Distinct(StringComparer.Ordinal).Count(terms.Contains)).ThenBy(c => c.Index))
        {
            if (used + chunk.Text.Length > budget)
            {
                continue;
            }

            chosen.Add(chunk);
            used += chunk.Text.Length + 2;
        }

        return string.Join("\n\n", chosen.OrderBy(c => c.Index).Select(c => c.Text));
    }

    private static string FieldWords(SchemaField field) =>
        FieldProfile.Words(field.Name) + " " + field.Description + " " + string.Join(' ', field.Properties.Select(FieldWords)) + (field.Items is { } items ? " " + FieldWords(items) : "");

    private static IEnumerable<string> Words(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text.ToLowerInvariant(), @"\w{3,}").Select(m => m.Value);

    private static string UserMessage(string context, ExtractionSchema schema, string? instructions)
    {
        var message = new StringBuilder();
        message.AppendLine("JSON Schema:").AppendLine(schema.Text).AppendLine();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            message.AppendLine("Instructions from the user:").AppendLine(instructions).AppendLine();
        }

        message.AppendLine(CultureInfo.InvariantCulture, $"<document>\n{context}\n</document>");
        return message.ToString();
    }

    private static string Prompt(string name)
    {
        using var stream = typeof(GenerativeExtractor).Assembly.GetManifestResourceStream("Folio.Generation.Prompts." + name)
            ?? throw new InvalidOperationException($"The prompt {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    }
}
