using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Folio.Eval;

/// <summary>
/// The service itself (<c>Folio.Api.dll</c>) as a real OS process on loopback over a data folder, with its default
/// settings unless told otherwise: a benchmark measures what a client of <c>dotnet run --project src/Api</c> gets, and a
/// test can kill it (SIGKILL, no shutdown hooks) and start it again over the same folder, as a crash would.
/// </summary>
internal sealed class FolioProcess : IAsyncDisposable
{
    // Long enough for a first start on a busy shared machine and for an ask at 100k chunks.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private FolioProcess(Process process, StringBuilder output, HttpClient client)
    {
        _process = process;
        _output = output;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts Folio and waits until <c>/health/live</c> answers; <paramref name="settings"/> are environment variables
    /// (<c>Folio__Auth__AdminKey</c>, ...). Throws, with what the process wrote, when it exits or is not live in time.
    /// </summary>
    public static async Task<FolioProcess> StartAsync(string dataFolder, IDictionary<string, string>? settings = null)
    {
        var assembly = ApiAssembly();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Folio__Storage__DataFolder"] = dataFolder;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new StringBuilder();
        void Append(object? sender, DataReceivedEventArgs line)
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience };
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new FolioProcess(process, output, client);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet, or exited: the check below tells which.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                client.Dispose();
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync();
                lock (output)
                {
                    throw new InvalidOperationException($"Folio did not start (exit code {process.ExitCode}):\n{output}");
                }
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process at once, as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
    }

    /// <summary>
    /// The API built in the same configuration as the running program: bin/&lt;configuration&gt;/&lt;framework&gt;/ of the
    /// eval commands or of a test project names src/Api/bin/&lt;configuration&gt;/&lt;framework&gt;/Folio.Api.dll.
    /// </summary>
    private static string ApiAssembly()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var assembly = Path.Combine(ReportFile.RepositoryRoot(), "src", "Api", "bin", framework.Parent!.Name, framework.Name, "Folio.Api.dll");
        return File.Exists(assembly) ? assembly : throw new InvalidOperationException($"{assembly} is missing: build src/Api in the same configuration first.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
