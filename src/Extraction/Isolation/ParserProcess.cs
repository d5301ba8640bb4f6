using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Folio.Extraction.Isolation;

/// <summary>
/// One <c>Folio.Parser</c> worker process, parsing one document at a time over its stdin and stdout.
/// Killing it is how a deadline or a cancellation stops a parse for certain.
/// </summary>
internal sealed class ParserProcess : IDisposable
{
    /// <summary>Set in the worker's environment by tests only: lets a file name trigger a fault (see Folio.Parser).</summary>
    public const string TestFaultsVariable = "FOLIO_PARSER_TEST_FAULTS";

    private const int ErrorTailCharacters = 4096;
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private ParserProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                // The start of the output is what says why: "Stack overflow." and the top frames.
                if (e.Data is { } line && _errors.Length < ErrorTailCharacters)
                {
                    _errors.AppendLine(line);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The worker's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the worker has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The start of what the worker wrote to stderr (its crash report, if it crashed).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>The worker's exit code, or null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts a worker from <paramref name="workerPath"/> with its managed heap capped at <paramref name="memoryBytes"/>.</summary>
    public static ParserProcess Start(string workerPath, long memoryBytes, bool testFaults)
    {
        var start = new ProcessStartInfo(DotnetHost(), [workerPath])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(workerPath)!,
        };
        start.Environment["DOTNET_GCHeapHardLimit"] = memoryBytes.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        if (testFaults)
        {
            start.Environment[TestFaultsVariable] = "1";
        }

        return new ParserProcess(Process.Start(start) ?? throw new InvalidOperationException($"{workerPath} did not start."));
    }

    /// <summary>
    /// Sends one document and waits for the answer; null when the worker died first. Cancelling
    /// <paramref name="cancellationToken"/> kills the worker and ends the wait with null.
    /// </summary>
    public async Task<ParseReply?> ParseAsync(ParseRequest request, Stream content, CancellationToken cancellationToken)
    {
        await using var kill = cancellationToken.Register(Kill);
        try
        {
            await ParserProtocol.WriteRequestAsync(_process.StandardInput.BaseStream, request, content, cancellationToken);
            return await ParserProtocol.ReadReplyAsync(_process.StandardOutput.BaseStream, cancellationToken);
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The pipe broke (the worker died, or was killed, while we wrote or read), or the wait was cancelled and the worker killed.
            return null;
        }
    }

    /// <summary>Waits briefly for the worker to be gone, so its exit code and crash report can be read.</summary>
    public async Task WaitForExitAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Kills the worker at once; it is not reused.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    // The same dotnet host that runs this process, so the worker runs on the same runtime.
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        var muxer = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..",
            OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}
