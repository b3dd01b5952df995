using System.Diagnostics;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Web.Hosting;

/// <summary>
/// The cold start of docs/performance.md rests on the published app being ReadyToRun (EF Core, Identity, MudBlazor and
/// Quartz precompiled instead of JIT-compiled on the first start), and its benchmark is fair only while the blank template
/// is published with the same properties. Both are checked here: the property as MSBuild evaluates it, and the
/// publish commands the benchmark script would run.
/// </summary>
public sealed class ColdStartPublishTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WebProject_PublishesReadyToRun()
    {
        var project = Path.Combine(RepositoryPaths.Root, "Connectors.Web", "Connectors.Web.csproj");

        var value = await RunAsync("dotnet", ["msbuild", project, "-getProperty:PublishReadyToRun", "-p:Configuration=Release", "-nologo"], []);

        value.Trim().ShouldBe("true");
    }

    [Fact]
    public async Task BenchmarkScript_PublishesTheTemplateWithTheAppsPublishProperties()
    {
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "cold-start-benchmark.sh");

        var output = await RunAsync("bash", [script], new() { ["DRY_RUN"] = "1", ["PUBLISH_ARGS"] = "-p:TieredPGO=false" });

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var app = lines.Single(l => l.StartsWith("app: ", StringComparison.Ordinal));
        var template = lines.Single(l => l.StartsWith("template: ", StringComparison.Ordinal));
        app.ShouldContain("-c Release");
        app.ShouldContain("-p:TieredPGO=false");
        template.ShouldContain("-c Release");
        template.ShouldContain("-p:TieredPGO=false");
        template.ShouldContain("-p:PublishReadyToRun=true");
    }

    private static async Task<string> RunAsync(string file, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        process.ExitCode.ShouldBe(0, await output + await errors);
        return await output;
    }
}
