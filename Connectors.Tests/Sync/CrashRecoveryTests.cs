using System.Diagnostics;
using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>
/// A node killed with SIGKILL in the middle of a sync (no graceful shutdown, so nothing re-queues the
/// run): a new process on the same database recovers the orphaned run from its stale heartbeat and the
/// account syncs to completion within a minute of the kill, every document stored once. Real app
/// processes, default liveness settings; the new node keeps the default once-a-minute tick, so the
/// recovery does not depend on a tick.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int MailboxSize = 3; // The fake ping mailbox.

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillNineMidSync_NewProcessOnTheSameDatabase_RecoversAndSyncsWithinSixtySecondsWithoutDuplicates()
    {
        var settings = new Dictionary<string, string?> { ["CONNECTOR_IMAP_FAKE_PING"] = "true" };
        await using var database = await TestDatabase.CreateAsync((services, configuration) => services.AddImapConnector(configuration), settings);
        var tenant = await database.AddTenantAsync("acme", "default");
        var account = await CreateAccountAsync(database, tenant);
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__Connectors"] = database.ConnectionString,
            ["CONNECTOR_IMAP_FAKE_PING"] = "true",
            ["Seed__Enabled"] = "false",
        };

        // The first node ticks every second and fetches one message every 4 s: its run stays Running.
        var doomed = await AppProcess.StartAsync("node-a", new Dictionary<string, string>(common)
        {
            ["Connectors__Sync__TickCron"] = "* * * * * ?",
            ["Connectors__Imap__FakePingFetchDelayMs"] = "4000",
            ["Connectors__Imap__BatchSize"] = "1",
        }, Ct);
        SyncRun orphan;
        try
        {
            orphan = await WaitForAsync(database, db => db.SyncRuns.AsNoTracking()
                .FirstOrDefaultAsync(r => r.InstallationId == account && r.Status == SyncRunStatus.Running && r.Added >= 1, Ct),
                TimeSpan.FromSeconds(60), doomed);
            await doomed.KillAsync();
        }
        finally
        {
            await doomed.DisposeAsync();
        }

        var killedAt = DateTime.UtcNow;
        var sinceKill = Stopwatch.StartNew();
        await using var survivor = await AppProcess.StartAsync("node-b", common, Ct);
        var done = await WaitForAsync(database, db => db.SyncRuns.AsNoTracking()
            .FirstOrDefaultAsync(r => r.InstallationId == account && r.Status == SyncRunStatus.Succeeded, Ct),
            TimeSpan.FromSeconds(90), survivor);
        var synced = sinceKill.Elapsed;

        var runs = await QueryAsync(database, db => db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == account).ToListAsync(Ct));
        var recovered = runs.Single(r => r.Id == orphan.Id);
        var recoveredAfter = recovered.FinishedAt!.Value - killedAt;
        var report = $"Crash recovery: orphan recovered {recoveredAfter.TotalSeconds:0.0} s after kill -9, account synced {synced.TotalSeconds:0.0} s after the kill.";
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Console.WriteLine(report);

        synced.ShouldBeLessThan(TimeSpan.FromSeconds(60), report);
        recovered.Status.ShouldBe(SyncRunStatus.Failed);
        recovered.ErrorMessage!.ShouldStartWith("Interrupted: the run stopped reporting progress");
        recovered.NodeId.ShouldNotBeNull().ShouldNotBe(done.NodeId, "the retry ran on the new process");
        (done.Trigger, done.Attempt).ShouldBe((SyncTrigger.Retry, 2));
        runs.Count.ShouldBe(2, "one orphan, one retry: no second execution");
        (await QueryAsync(database, db => db.Documents.CountAsync(d => d.InstallationId == account, Ct))).ShouldBe(MailboxSize);
        (await QueryAsync(database, db => db.Documents.Where(d => d.InstallationId == account).Select(d => d.ExternalId).Distinct().CountAsync(Ct)))
            .ShouldBe(MailboxSize);
    }

    private static async Task<Guid> CreateAccountAsync(TestDatabase database, Guid tenant)
    {
        await using var scope = database.ScopeFor(tenant);
        var outcome = await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap",
            new CredentialSubmission("Support", null, new Dictionary<string, object?>
            {
                ["host"] = "imap.acme.test",
                ["username"] = "support@acme.test",
                ["password"] = "fake-ping-password",
            }), Ct);
        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        var due = DateTime.UtcNow.AddMinutes(-1);
        await QueryAsync(database, db => db.Installations.Where(i => i.Id == outcome.AccountId)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.NextSyncAt, due), Ct));
        return outcome.AccountId;
    }

    private static async Task<T> WaitForAsync<T>(TestDatabase database, Func<ConnectorsDbContext, Task<T?>> probe, TimeSpan timeout, AppProcess node)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await QueryAsync(database, probe) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeout}. Last output:\n{string.Join('\n', node.Output.TakeLast(40))}");
            }

            await Task.Delay(250, Ct); // A poll interval, not a wait for something to happen.
        }
    }

    private static async Task<T> QueryAsync<T>(TestDatabase database, Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = database.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    }
}
