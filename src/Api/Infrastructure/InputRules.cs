using System.Text.RegularExpressions;
using Folio.Retrieval.Documents;

namespace Folio.Api.Infrastructure;

/// <summary>The shapes of names and ids the API accepts, checked in one place.</summary>
internal static partial class InputRules
{
    public const string DefaultCollection = DocumentNames.DefaultCollection;

    /// <summary>What <see cref="IsCollection"/> accepts, for error messages.</summary>
    public const string CollectionRule = DocumentNames.CollectionRule;

    /// <summary>The largest JSON request body (Kestrel's limit; uploads raise it for their own request). A batch line's body obeys it too.</summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>The most tags a search filter may name.</summary>
    public const int MaxFilterTags = 16;

    /// <summary>The most document ids a search filter may name.</summary>
    public const int MaxFilterDocumentIds = 1_000;

    public static bool IsCollection(string? value) => DocumentNames.IsCollection(value);

    public static bool IsDocumentId(string? value) => DocumentNames.IsDocumentId(value);

    /// <summary>Parses <c>key=value</c> tags; keys are <c>[a-z0-9_.-]{1,64}</c>, values up to 256 characters; a repeated key keeps its last value.</summary>
    public static IEnumerable<(string Field, string Error)> ParseTags(IEnumerable<string> raw, Dictionary<string, string> tags)
    {
        foreach (var tag in raw)
        {
            var equals = tag.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? tag[..equals] : string.Empty;
            var value = equals > 0 ? tag[(equals + 1)..] : string.Empty;
            if (!TagKeyPattern().IsMatch(key) || value.Length is 0 or > 256)
            {
                yield return ("tags", $"'{Truncate(tag)}' is not key=value (key [a-z0-9_.-]{{1,64}}, value 1–256 characters).");
                continue;
            }

            tags[key] = value;
        }
    }

    /// <summary>The problems of a search filter as search and ask accept it: collection name, document ids, tags.</summary>
    public static IEnumerable<(string Field, string Error)> ValidateFilter(string? collection, IReadOnlyList<string>? documentIds, IReadOnlyDictionary<string, string>? tags)
    {
        if (collection is not null && !IsCollection(collection))
        {
            yield return ("collection", CollectionRule);
        }

        if (tags is { Count: > MaxFilterTags })
        {
            yield return ("tags", $"At most {MaxFilterTags} tags.");
        }
        else if (tags is not null && ParseTags(tags.Select(t => $"{t.Key}={t.Value}"), []).Any())
        {
            yield return ("tags", "Tags are key: value with keys [a-z0-9_.-]{1,64} and values of 1–256 characters.");
        }

        if (documentIds is { Count: > MaxFilterDocumentIds })
        {
            yield return ("documentIds", $"At most {MaxFilterDocumentIds} document ids.");
        }
        else if (documentIds?.Any(id => !IsDocumentId(id)) == true)
        {
            yield return ("documentIds", "documentIds holds document ids (d_ followed by 20 hex digits).");
        }
    }

    private static string Truncate(string value) => value.Length > 80 ? value[..80] + "…" : value;

    // Ends in \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^[a-z0-9_.-]{1,64}\z")]
    private static partial Regex TagKeyPattern();
}
