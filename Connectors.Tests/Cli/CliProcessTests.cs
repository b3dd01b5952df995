using System.Diagnostics;

namespace Connectors.Tests.Cli;

/// <summary>The CLI as an operator runs it — <c>dotnet Connectors.Web.dll &lt;verb&gt;</c>, its own process —
/// so what reaches standard error is everything the host prints (framework logs included), not only what
/// the verb writes.</summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-cli-process-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountsAdd_DuplicateLabel_PrintsExactlyOneLineNamingTheLabelAndExitsOne()
    {
        (await RunAsync("", "tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        (await RunAsync("fake-ping-password\n", AddImap("Support"))).ExitCode.ShouldBe(0);

        var duplicate = await RunAsync("fake-ping-password\n", AddImap("support"));

        duplicate.ExitCode.ShouldBe(1, duplicate.Err);
        duplicate.Err.ShouldBe("error: An account labelled 'support' already exists for this connector." + Environment.NewLine);
        duplicate.Out.ShouldBeEmpty();
    }

    private static string[] AddImap(string label) =>
        ["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", label, "--field", "host=imap.acme.test", "--field", "username=support@acme.test"];

    private async Task<CliResult> RunAsync(string stdin, params string[] args)
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
