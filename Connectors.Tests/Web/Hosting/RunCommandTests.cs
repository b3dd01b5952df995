using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Web.Hosting;

/// <summary>The README's run command in a fresh folder: the real executable creates and migrates
/// <c>data/connectors.db</c> under its working directory, seeds, and serves the login page with its
/// script and stylesheets — also when the published app is started from another folder.</summary>
public sealed partial class RunCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunApp_FreshWorkingDirectory_CreatesDatabaseAndServesLogin()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("connectors-run-").FullName;
        using var process = Start(RepositoryPaths.WebAppDll, workingDirectory, "Development");
        try
        {
            var url = await WaitForListeningAsync(process, Ct);
            using var client = new HttpClient { BaseAddress = new Uri(url) };

            var login = await client.GetAsync("/account/login", Ct);

            login.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await login.Content.ReadAsStringAsync(Ct);
            html.ShouldContain("Sign in");
            await AssertAssetsHaveBodiesAsync(client, html);
            File.Exists(Path.Combine(workingDirectory, "data", "connectors.db")).ShouldBeTrue();
        }
        finally
        {
            await StopAsync(process, workingDirectory);
        }
    }

    [Fact]
    public async Task RunPublishedApp_OtherWorkingDirectory_ServesScriptAndStylesheetsWithBodies()
    {
        var published = Directory.CreateTempSubdirectory("connectors-published-").FullName;
        var workingDirectory = Directory.CreateTempSubdirectory("connectors-elsewhere-").FullName;
        try
        {
            await PublishAsync(published);
            using var process = Start(Path.Combine(published, "Connectors.Web.dll"), workingDirectory, "Production");
            try
            {
                var url = await WaitForListeningAsync(process, Ct);
                using var client = new HttpClient { BaseAddress = new Uri(url) };

                var html = await client.GetStringAsync("/account/login", Ct);

                await AssertAssetsHaveBodiesAsync(client, html);
            }
            finally
            {
                await StopAsync(process, workingDirectory);
            }
        }
        finally
        {
            Directory.Delete(published, recursive: true);
        }
    }

    /// <summary>Every stylesheet and script the page links answers with content (an empty 200 leaves the
    /// page unstyled and the circuit never starts).</summary>
    private static async Task AssertAssetsHaveBodiesAsync(HttpClient client, string html)
    {
        var assets = AssetPattern().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        assets.ShouldContain("_framework/blazor.web.js");
        assets.Count(a => a.EndsWith(".css", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        foreach (var asset in assets)
        {
            var response = await client.GetAsync("/" + asset, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, asset);
            (await response.Content.ReadAsByteArrayAsync(Ct)).Length.ShouldBeGreaterThan(0, $"{asset} has an empty body");
        }
    }

    /// <summary>Publishes the web app as built for this test run (no rebuild) into <paramref name="folder"/>. Without
    /// ReadyToRun: that needs a build for a runtime identifier, and this run built the portable app.</summary>
    private static async Task PublishAsync(string folder)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var project = Path.Combine(RepositoryPaths.Root, "Connectors.Web", "Connectors.Web.csproj");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "--no-build", "-c", configuration, "-o", folder, "-nologo", "-p:PublishReadyToRun=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = publish.StandardOutput.ReadToEndAsync(Ct);
        var errors = publish.StandardError.ReadToEndAsync(Ct);
        await publish.WaitForExitAsync(Ct);
        publish.ExitCode.ShouldBe(0, await output + await errors);
    }

    private static Process Start(string dll, string workingDirectory, string environment)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Seed__AdminPassword"] = ConnectorsAppFactory.AdminPassword;
        start.Environment["Seed__SupportPassword"] = ConnectorsAppFactory.SupportPassword;
        start.Environment["Connectors__Vault__AllowUnprotectedKeys"] = "true"; // Production without a key-ring certificate
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task StopAsync(Process process, string workingDirectory)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
        Directory.Delete(workingDirectory, recursive: true);
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

    [GeneratedRegex("""<(?:link rel="stylesheet" href|script src)="(?<url>[^"]+)"\s*/?>""")]
    private static partial Regex AssetPattern();
}
