using Connectors.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Cli;

/// <summary><c>accounts held-removals</c>: says what the deletion brake holds, keeps or applies it (audited), and refuses
/// both flags at once.</summary>
public sealed class HeldRemovalsCliTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private string _id = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        _id = await _cli.AddSupportMailboxAsync();
        Domain.Installations.ConnectorInstallation account;
        await using (var read = _cli.Open())
        {
            account = await read.Installations.IgnoreQueryFilters().SingleAsync(Ct);
        }

        await using var db = _cli.Open(account.TenantId);
        foreach (var n in new[] { 1, 2, 3 })
        {
            var document = new Document
            {
                TenantId = account.TenantId, InstallationId = account.Id, ConnectorKey = "imap", ExternalId = $"m-{n}", ProjectKey = "default",
                Title = $"Message {n}", ContentHash = new string('0', 64),
            };
            db.Documents.Add(document);
            db.HeldRemovals.Add(new HeldRemoval { TenantId = account.TenantId, InstallationId = account.Id, DocumentId = document.Id, HeldAt = DateTime.UtcNow });
        }

        await db.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Shows_ThenKeeps_AndBothFlagsAreRefused()
    {
        (await _cli.RunAsync("accounts", "held-removals", "--tenant", "acme", "--id", _id))
            .ShouldSucceedWith("3 removal(s) held since");
        (await _cli.RunAsync("accounts", "held-removals", "--tenant", "acme", "--id", _id, "--apply", "--keep"))
            .ShouldFailWithOneLine("error: Choose one of --apply and --keep.");

        (await _cli.RunAsync("accounts", "held-removals", "--tenant", "acme", "--id", _id, "--keep")).ShouldSucceedWith("Kept the 3 held document(s).");

        (await _cli.RunAsync("accounts", "held-removals", "--tenant", "acme", "--id", _id)).ShouldSucceedWith("No removals are held for this account.");
        await using var db = _cli.Open();
        (await db.Documents.IgnoreQueryFilters().CountAsync(Ct)).ShouldBe(3);
        (await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "removals.kept", Ct)).ShouldBe(1);
    }
}
