using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Cli;

/// <summary><c>credentials consolidate</c>: accounts of one connector that share the same server, login and password become
/// users of one tenant credential; the dry run says so and changes nothing; no secret is ever printed.</summary>
public sealed class CredentialsCliTests : IAsyncLifetime
{
    private const string SharedPassword = "Shared-Mailbox-Pa55-7e2b";
    private readonly CliHarness _cli = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        await AddAsync("Support", "shared@acme.test", SharedPassword);
        await AddAsync("Sales", "shared@acme.test", SharedPassword);
        await AddAsync("Billing", "shared@acme.test", "Another-Pa55-9d1c"); // Same login, another password: not the same credential.
        await AddAsync("Legal", "legal@acme.test", SharedPassword);
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Consolidate_DryRunChangesNothing_ThenOneCredentialForTheAccountsThatShareOne_KeepingTheRest()
    {
        var dry = await _cli.RunAsync("credentials", "consolidate", "--tenant", "acme", "--dry-run");

        dry.ShouldSucceedWith("would create imap credential 'Email (IMAP): shared@acme.test' for 2 accounts: Sales, Support");
        dry.ShouldSucceedWith("Dry run: 1 credential(s) for 2 account(s) would be created; nothing changed.");
        await using (var db = _cli.Open())
        {
            (await db.TenantCredentials.IgnoreQueryFilters().CountAsync(Ct)).ShouldBe(0);
            (await db.Installations.IgnoreQueryFilters().CountAsync(i => i.CredentialId != null, Ct)).ShouldBe(0);
        }

        var run = await _cli.RunAsync("credentials", "consolidate", "--tenant", "acme");
        var listed = await _cli.RunAsync("credentials", "list", "--tenant", "acme");

        run.ShouldSucceedWith("Consolidated 2 account(s) into 1 tenant credential(s).");
        listed.ShouldSucceedWith("used by 2 account(s) (Sales, Support)");
        foreach (var output in new[] { dry.Out, dry.Err, run.Out, run.Err, listed.Out })
        {
            output.ShouldNotContain(SharedPassword);
            output.ShouldNotContain("Another-Pa55");
        }

        await using (var db = _cli.Open())
        {
            var credential = await db.TenantCredentials.IgnoreQueryFilters().SingleAsync(Ct);
            var users = await db.Installations.IgnoreQueryFilters().Where(i => i.CredentialId == credential.Id).Select(i => i.Label).OrderBy(l => l).ToListAsync(Ct);
            users.ShouldBe(["Sales", "Support"]);
            (await db.Installations.IgnoreQueryFilters().Where(i => i.CredentialId == credential.Id).Select(i => i.ConfigJson).ToListAsync(Ct))
                .ShouldAllBe(c => !c.Contains("shared@acme.test"));
            (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "credentials.consolidated", Ct)).ShouldBe(2);
        }

        (await _cli.RunAsync("credentials", "consolidate", "--tenant", "acme"))
            .ShouldSucceedWith("No accounts of tenant 'acme' share a credential; nothing to consolidate.");
        var sync = await _cli.RunAsync("accounts", "check", "--tenant", "acme", "--id", await IdOfAsync("Sales"));
        sync.ExitCode.ShouldBe(0, sync.Err);
    }

    private async Task AddAsync(string label, string username, string password)
    {
        var added = await _cli.RunAsync(["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", label,
            "--field", "host=imap.acme.test", "--field", $"username={username}"], stdin: password + "\n");
        added.ExitCode.ShouldBe(0, added.Err);
    }

    private async Task<string> IdOfAsync(string label)
    {
        await using var db = _cli.Open();
        return (await db.Installations.IgnoreQueryFilters().SingleAsync(i => i.Label == label, Ct)).Id.ToString();
    }
}
