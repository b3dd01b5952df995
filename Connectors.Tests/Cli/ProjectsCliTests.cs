using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Cli;

/// <summary><c>accounts targets</c> sets an account's further target projects (a bad one is refused naming it);
/// <c>projects delete</c> refuses a project an account ingests into, naming the account, and deletes an unused one.</summary>
public sealed class ProjectsCliTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync("projects", "add", "--tenant", "acme", "--key", "engineering", "--name", "Engineering")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync("projects", "add", "--tenant", "acme", "--key", "legal", "--name", "Legal")).ExitCode.ShouldBe(0);
        await _cli.AddSupportMailboxAsync();
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Targets_AreSet_ABadOneIsRefused_AndAProjectInUseIsNotDeleted()
    {
        var id = await IdOfAsync("Support");

        (await _cli.RunAsync("accounts", "targets", "--tenant", "acme", "--id", id, "--project", "engineering", "--project", "legal"))
            .ShouldSucceedWith("'Support' ingests into default; its documents also appear in engineering, legal.");
        (await _cli.RunAsync("accounts", "targets", "--tenant", "acme", "--id", id, "--project", "nowhere"))
            .ShouldFailWithOneLine("error: Target project 'nowhere' does not exist in this tenant.");
        (await _cli.RunAsync("projects", "delete", "--tenant", "acme", "--key", "legal"))
            .ShouldFailWithOneLine("error: Project 'legal' is where 'Support' ingest");

        (await _cli.RunAsync("accounts", "targets", "--tenant", "acme", "--id", id, "--project", "engineering"))
            .ShouldSucceedWith("its documents also appear in engineering.");
        (await _cli.RunAsync("projects", "delete", "--tenant", "acme", "--key", "legal")).ShouldSucceedWith("Project 'legal' deleted.");

        await using var db = _cli.Open();
        (await db.Projects.IgnoreQueryFilters().Select(p => p.Key).ToListAsync(Ct)).ShouldNotContain("legal");
        (await db.AccountTargets.IgnoreQueryFilters().Select(t => t.ProjectKey).ToListAsync(Ct)).ShouldBe(["engineering"]);
    }

    private async Task<string> IdOfAsync(string label)
    {
        await using var db = _cli.Open();
        return (await db.Installations.IgnoreQueryFilters().SingleAsync(i => i.Label == label, Ct)).Id.ToString();
    }
}
