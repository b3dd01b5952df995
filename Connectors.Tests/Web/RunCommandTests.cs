using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Web;

/// <summary>The README's run command in a fresh folder: the real executable creates and migrates
/// <c>data/connectors.db</c> under its working directory, seeds, and serves the login page.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task RunApp_FreshWorkingDirectory_CreatesDatabaseAndServesLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        var workingDirectory = Directory.CreateTempSubdirectory("connectors-run-").FullName;
        using var process = Start(workingDirectory);
        try
        {
            var url = await WaitForListeningAsync(process, ct);
            using var client = new HttpClient { BaseAddress = new Uri(url) };

            var login = await client.GetAsync("/account/login", ct);

            login.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await login.Content.ReadAsStringAsync(ct)).ShouldContain("Sign in");
            File.Exists(Path.Combine(workingDirectory, "data", "connectors.db")).ShouldBeTrue();
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static Process Start(string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.WebAppDll])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Seed__AdminPassword"] = ConnectorsAppFactory.AdminPassword;
        start.Environment["Seed__SupportPassword"] = ConnectorsAppFactory.SupportPassword;
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<string> WaitForListeningAsync(Process process, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var seen = new List<string>();
        _ = process.StandardError.ReadToEndAsync(timeout.Token);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (ListeningPattern().Match(line) is { Success: true } match)
            {
                // Keep draining so the child never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("The app exited before listening:\n" + string.Join('\n', seen));
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();
}
