using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Folio.Eval.Answering;

/// <summary>
/// The service itself (<c>Folio.Api.dll</c>, built beside this project) as a process on loopback over a data folder,
/// with its default settings, so a benchmark measures what a client of <c>dotnet run --project src/Api</c> gets.
/// </summary>
internal sealed class FolioService : IAsyncDisposable
{
    private readonly Process _process;

    private FolioService(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<FolioService> StartAsync(string dataFolder)
    {
        // bin/<configuration>/<framework>/ of this project names the build of the API to run.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var assembly = Path.Combine(ReportFile.RepositoryRoot(), "src", "Api", "bin", framework.Parent!.Name, framework.Name, "Folio.Api.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: build src/Api in the same configuration first.");
        }

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
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new List<string>();
        void Keep(object? sender, DataReceivedEventArgs line)
        {
            lock (output)
            {
                output.Add(line.Data ?? "");
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return new FolioService(process, client);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        client.Dispose();
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        lock (output)
        {
            throw new InvalidOperationException("Folio did not start:\n" + string.Join('\n', output.TakeLast(40)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
