using System.Diagnostics;

namespace Connectors.Tests.Cli;

/// <summary>Runs the CLI as an operator does — <c>dotnet Connectors.Web.dll &lt;verb&gt;</c>, its own process —
/// on one SQLite file, in Development with the IMAP fake ping on. What it returns is everything the process
/// printed (framework logs included), not only what the verb wrote.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-cli-process-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<CliResult> RunAsync(string stdin, params string[] args)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "Connectors.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Connectors"] = $"Data Source={Path.Combine(_folder, "cli.db")}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["CONNECTOR_IMAP_FAKE_PING"] = "true";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(120), Ct);
        return new CliResult(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
