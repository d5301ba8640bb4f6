using System.Diagnostics;

namespace Folio.Eval;

/// <summary>Runs poppler's <c>pdftotext</c> (one process per file), the peer for PDF fidelity and speed.</summary>
internal static class Pdftotext
{
    public static bool Available()
    {
        try
        {
            return Run("-v", TimeSpan.FromSeconds(10)) is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The file's text, or null when pdftotext fails or runs past the limit.</summary>
    public static string? Text(string pdf, TimeSpan limit) => Run($"-q -enc UTF-8 \"{pdf}\" -", limit);

    private static string? Run(string arguments, TimeSpan limit)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("pdftotext", arguments)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            },
        };
        process.Start();
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            return null;
        }

        return process.ExitCode == 0 || arguments == "-v" ? output.Result : null;
    }
}
