using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Cli;

/// <summary><c>accounts settings</c>: shows an account's settings with their defaults marked, changes them (a list field
/// repeated), resets one to its default, refuses a bad value naming the field — and the change is audited.</summary>
public sealed class AccountSettingsCliTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private string _id = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        _id = await _cli.AddSupportMailboxAsync();
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Shows_Changes_Resets_AndRefusesABadValueNamingTheField()
    {
        (await _cli.RunAsync("accounts", "settings", "--tenant", "acme", "--id", _id))
            .ShouldSucceedWith("date_window_days (Days of mail to sync): 365 [default]");

        var changed = await _cli.RunAsync("accounts", "settings", "--tenant", "acme", "--id", _id,
            "--field", "date_window_days=30", "--field", "folders.include=INBOX", "--field", "folders.include=Archive");
        changed.ShouldSucceedWith("Settings of 'Support' saved; they take effect from the next sync.");
        changed.Out.ShouldContain("date_window_days (Days of mail to sync): 30\n");
        changed.Out.ShouldContain("folders.include (Folders to sync): INBOX, Archive\n");

        (await _cli.RunAsync("accounts", "settings", "--tenant", "acme", "--id", _id, "--reset", "date_window_days"))
            .ShouldSucceedWith("date_window_days (Days of mail to sync): 365 [default]");
        (await _cli.RunAsync("accounts", "settings", "--tenant", "acme", "--id", _id, "--field", "date_window_days=-5"))
            .ShouldFailWithOneLine("error: Days of mail to sync must be between 0 and 1000000.");

        await using var db = _cli.Open();
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "account.settings.updated", Ct)).ShouldBe(2);
        (await db.Installations.IgnoreQueryFilters().SingleAsync(Ct)).ConfigJson.ShouldContain("\"folders.include\":[\"INBOX\",\"Archive\"]");
    }
}
