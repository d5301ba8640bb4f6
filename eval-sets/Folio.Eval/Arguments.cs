namespace Folio.Eval;

/// <summary>The eval commands' one way of reading <c>--name value</c> options.</summary>
internal static class Arguments
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is absent.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
