namespace Connectors.Tests.Cli;

/// <summary><c>accounts bulk</c>: the bulk actions from the command line, by filter or ids, dry run first.</summary>
public sealed class AccountsBulkCliTests : IAsyncLifetime
{
    private const string Password = "Unmistakable-Passw0rd-4c1e";
    private readonly CliHarness _cli = new();

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync("projects", "add", "--tenant", "acme", "--key", "legal", "--name", "Legal")).ExitCode.ShouldBe(0);
        foreach (var label in new[] { "Support", "Sales", "Archive" })
        {
            (await _cli.RunAsync(["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", label,
                "--field", "host=imap.acme.test", "--field", "username=support@acme.test"], Password + "\n")).ExitCode.ShouldBe(0);
        }
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Pause_DryRunThenRun_ByFilter_PrintsEachAccountAndTheCounts()
    {
        var dry = await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "pause", "--q", "sa", "--dry-run");
        var run = await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "pause", "--q", "sa");
        var again = await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "pause", "--status", "paused", "--dry-run");
        var resume = await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "resume");

        dry.ShouldSucceedWith("Dry run, nothing changed: 1 will-apply.");
        Lines(dry).First().ShouldMatch(@"^will-apply  Sales \([0-9a-f-]{36}\)$");
        run.ShouldSucceedWith("Done: 1 applied.");
        again.ShouldSucceedWith("Dry run, nothing changed: 1 skipped.");
        Lines(again).First().ShouldEndWith(" - Already paused.");
        resume.ShouldSucceedWith("Done: 1 applied, 2 skipped.");
        Lines(resume).Where(l => l.StartsWith("skipped", StringComparison.Ordinal)).ShouldAllBe(l => l.EndsWith(" - Already active.", StringComparison.Ordinal));
        (dry.Out + run.Out + again.Out + resume.Out).ShouldNotContain(Password);
    }

    [Fact]
    public async Task MoveAndCadence_TakeTheirValue_AndBadInputIsOneLine()
    {
        var move = await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "move", "--to-project", "legal", "--q", "archive");
        var cadence = await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "cadence", "--cadence", "90", "--project", "legal");

        move.ShouldSucceedWith("Done: 1 applied.");
        cadence.ShouldSucceedWith("Done: 1 applied.");
        (await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "explode")).ShouldFailWith(
            "error: --action must be one of sync, pause, resume, move, cadence, delete.");
        (await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "move", "--to-project", "nowhere")).ShouldFailWith(
            "error: Project 'nowhere' does not exist in this tenant.");
        (await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "pause", "--status", "sleeping")).ShouldFailWithOneLine(
            "error: --status: status 'sleeping' is not one of");
        (await _cli.RunAsync("accounts", "bulk", "--tenant", "acme", "--action", "cadence", "--cadence", "1")).ShouldFailWithOneLine(
            "error: The sync cadence must be between 5 minutes and 7 days");
    }

    private static string[] Lines(CliResult result) => result.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
