using System.Text.RegularExpressions;

namespace Folio.Retrieval.Documents;

/// <summary>The shapes of collection names and document ids, checked the same way by the API and the Semantic Kernel plugin.</summary>
public static partial class DocumentNames
{
    /// <summary>The collection a caller gets when it names none.</summary>
    public const string DefaultCollection = "default";

    /// <summary>What <see cref="IsCollection"/> accepts, for error messages.</summary>
    public const string CollectionRule = "A collection name is 1–64 characters of a-z, 0-9, '_' and '-'.";

    /// <summary>What <see cref="IsDocumentId"/> accepts, for error messages.</summary>
    public const string DocumentIdRule = "A document id is d_ followed by 20 hex digits.";

    /// <summary>Whether <paramref name="value"/> is a collection name.</summary>
    public static bool IsCollection(string? value) => value is not null && CollectionPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> has the shape of a document id (<see cref="DocumentStore.DocumentId"/>).</summary>
    public static bool IsDocumentId(string? value) => value is not null && DocumentIdPattern().IsMatch(value);

    // Patterns end in \z, not $: $ also matches before a final newline, so "legal\n" would pass as a different collection.
    [GeneratedRegex(@"^[a-z0-9_-]{1,64}\z")]
    private static partial Regex CollectionPattern();

    [GeneratedRegex(@"^d_[0-9a-f]{20}\z")]
    private static partial Regex DocumentIdPattern();
}
