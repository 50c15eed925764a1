using System.Diagnostics;
using System.Text.Json;

namespace MaShangYi.Tests.Storage;

/// <summary>
/// s3rver (npm, tests/s3-server) on a free loopback port with one bucket, its files in a temporary folder. Installs the
/// folder's packages if scripts/test.sh has not. The server stops when this is disposed, or when the test process ends
/// however it ends (it exits when its stdin closes).
/// </summary>
public sealed class S3TestServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER"; // s3rver's fixed credentials
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly string _data;

    private S3TestServer(Process process, string data, int port)
    {
        _process = process;
        _data = data;
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    public string ServiceUrl { get; }

    public static async Task<S3TestServer> StartAsync(string bucket)
    {
        var folder = PackageFolder();
        if (!File.Exists(Path.Combine(folder, "node_modules", "s3rver", "package.json")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", folder, TimeSpan.FromMinutes(5));
        }

        var data = Directory.CreateTempSubdirectory("mashangyi-s3-").FullName;
        var process = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { "start.js", data, bucket },
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null)
        {
            throw new InvalidOperationException("s3rver did not start: " + await errors);
        }

        var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
        return new S3TestServer(process, data, port);
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close(); // start.js stops on end of input
        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>tests/s3-server, found from the test binaries upwards.</summary>
    private static string PackageFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "s3-server");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/s3-server/package.json not found above " + AppContext.BaseDirectory);
    }

    private static async Task RunAsync(string file, string arguments, string folder, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, UseShellExecute = false })
            ?? throw new InvalidOperationException(file + " did not start");
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} in {folder} failed with exit code {process.ExitCode}");
        }
    }
}
