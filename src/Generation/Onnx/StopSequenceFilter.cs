namespace Folio.Generation.Onnx;

/// <summary>
/// Cuts a streamed answer at the first stop sequence. Text that could be the start of a stop sequence is held back
/// until the next piece shows whether it is one, so no piece of a stop sequence is ever streamed.
/// </summary>
internal sealed class StopSequenceFilter(IEnumerable<string>? stopSequences)
{
    private readonly string[] _stops = stopSequences?.Where(s => !string.IsNullOrEmpty(s)).ToArray() ?? [];
    private string _held = string.Empty;

    /// <summary>Whether a stop sequence was found; nothing more should be generated.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Takes the next decoded piece and returns the text that may be streamed now.</summary>
    public string Push(string piece)
    {
        if (_stops.Length == 0)
        {
            return piece;
        }

        var text = _held + piece;
        var stopAt = _stops.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (stopAt >= 0)
        {
            Stopped = true;
            _held = string.Empty;
            return text[..stopAt];
        }

        var keep = LongestStopPrefixAtEnd(text);
        _held = text[^keep..];
        return text[..^keep];
    }

    /// <summary>The text still held back, once generation has ended without a stop sequence.</summary>
    public string Flush()
    {
        var rest = _held;
        _held = string.Empty;
        return rest;
    }

    private int LongestStopPrefixAtEnd(string text)
    {
        for (var length = Math.Min(text.Length, _stops.Max(s => s.Length) - 1); length > 0; length--)
        {
            var tail = text[^length..];
            if (_stops.Any(s => s.StartsWith(tail, StringComparison.Ordinal)))
            {
                return length;
            }
        }

        return 0;
    }
}
