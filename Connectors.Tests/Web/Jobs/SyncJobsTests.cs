using System.Net;
using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Jobs;

/// <summary>The sync engine as the web host runs it: Quartz hosts the tick and the sync job, "Sync now"
/// is dispatched at once, the tick queues and dispatches due accounts, shutdown re-queues what it
/// interrupts, and /healthz reports the scheduler. IMAP accounts on the fake ping mailbox (3 messages).</summary>
public sealed class SyncJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ConnectorsAppFactory App(params (string Key, string Value)[] settings) =>
        new(settings.Append((Key: "CONNECTOR_IMAP_FAKE_PING", Value: "true")).ToDictionary(s => s.Key, s => (string?)s.Value));

    [Fact]
    public async Task SyncNow_IsDispatchedAtOnce_AndEndsWithTheMailboxAsDocuments()
    {
        await using var app = App();
        var account = await AddImapAccountAsync(app, "Support");

        var runId = await AsAcmeAsync(app, s => s.GetRequiredService<AccountLifecycle>().SyncNowAsync(account, Ct));
        var run = await WaitForRunAsync(app, runId, r => r.Status == SyncRunStatus.Succeeded);

        (run.Trigger, run.Kind, run.Added).ShouldBe((SyncTrigger.Manual, SyncKind.Full, 3));
        (await CountAsync(app, db => db.Documents.CountAsync(d => d.InstallationId == account, Ct))).ShouldBe(3);
    }

    [Fact]
    public async Task SyncNow_WhileARunIsActive_SaysAlreadySyncing()
    {
        // Slow fetches keep the first run going while the second request comes in.
        await using var app = App(("Connectors:Imap:FakePingFetchDelayMs", "1500"), ("Connectors:Imap:BatchSize", "1"));
        var account = await AddImapAccountAsync(app, "Support");
        var first = await AsAcmeAsync(app, s => s.GetRequiredService<AccountLifecycle>().SyncNowAsync(account, Ct));
        await WaitForRunAsync(app, first, r => r.Status == SyncRunStatus.Running);

        var second = await Should.ThrowAsync<ValidationFailedException>(() =>
            AsAcmeAsync(app, s => s.GetRequiredService<AccountLifecycle>().SyncNowAsync(account, Ct)));

        second.Message.ShouldBe("'Support' is already syncing.");
    }

    [Fact]
    public async Task Tick_DueAccount_IsQueuedDispatchedAndSyncedOnce()
    {
        await using var app = App();
        var account = await AddImapAccountAsync(app, "Support");
        await CountAsync(app, db => db.Installations.Where(i => i.Id == account)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.NextSyncAt, DateTime.UtcNow.AddMinutes(-1)), Ct));
        var tick = Tick(app);

        var first = await tick.TickAsync(Ct);
        var run = await WaitForAccountRunAsync(app, account, r => r.Status == SyncRunStatus.Succeeded);
        var second = await tick.TickAsync(Ct);

        (first.Queued, first.Dispatched).ShouldBe((1, 1));
        (run.Trigger, run.Added).ShouldBe((SyncTrigger.Schedule, 3));
        (second.Queued, second.Dispatched).ShouldBe((0, 0));
        var next = await CountAsync(app, db => db.Installations.Where(i => i.Id == account).Select(i => i.NextSyncAt).SingleAsync(Ct));
        next.ShouldNotBeNull().ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task RunEnds_TheNextQueuedRunStartsAtOnce_WithoutATick()
    {
        // One slot, and the test app's tick fires once a year: only the end of a run can start the others.
        await using var app = App(("Connectors:Sync:MaxConcurrentRuns", "1"));
        Guid[] accounts = [await AddImapAccountAsync(app, "First"), await AddImapAccountAsync(app, "Second"), await AddImapAccountAsync(app, "Third")];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<SyncScheduler>().QueueDueAsync(Ct)).ShouldBe(3);
        }

        var first = await CountAsync(app, db => db.SyncRuns.AsNoTracking().SingleAsync(r => r.InstallationId == accounts[0], Ct));
        (await app.Services.GetRequiredService<ISyncDispatcher>().DispatchAsync(new DispatchableRun(first.Id, first.TenantId, first.InstallationId), Ct))
            .ShouldBeTrue();

        foreach (var account in accounts)
        {
            var run = await WaitForAccountRunAsync(app, account, r => r.Status == SyncRunStatus.Succeeded);
            run.Trigger.ShouldBe(SyncTrigger.Schedule);
        }

        var runs = await CountAsync(app, db => db.SyncRuns.AsNoTracking().OrderBy(r => r.StartedAt).ToListAsync(Ct));
        // One at a time: each started after the one before it finished.
        runs.Zip(runs.Skip(1)).ShouldAllBe(pair => pair.Second.StartedAt >= pair.First.FinishedAt);
    }

    [Fact]
    public void DefaultTick_FiresEveryFiveSeconds()
    {
        var cron = new Quartz.CronExpression(new SyncOptions().TickCron);
        var first = cron.GetNextValidTimeAfter(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero))!.Value;
        (cron.GetNextValidTimeAfter(first)!.Value - first).ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Shutdown_DuringARun_ReQueuesItForTheNextNode()
    {
        var database = Path.Combine(Path.GetTempPath(), "connectors-tests", $"shutdown-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={database}";
        Guid account, runId;
        await using (var node = App(("ConnectionStrings:Connectors", connection), ("Connectors:Imap:FakePingFetchDelayMs", "2000"), ("Connectors:Imap:BatchSize", "1")))
        {
            account = await AddImapAccountAsync(node, "Support");
            runId = await AsAcmeAsync(node, s => s.GetRequiredService<AccountLifecycle>().SyncNowAsync(account, Ct));
            await WaitForRunAsync(node, runId, r => r.Status == SyncRunStatus.Running);
        } // Disposing stops the host: Quartz interrupts the run and waits for it.

        // The next node (sync off, so it only reads) finds the run cancelled and the same sync queued.
        await using var next = App(("ConnectionStrings:Connectors", connection), ("Connectors:Sync:Enabled", "false"));
        var runs = await CountAsync(next, db => db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == account).ToListAsync(Ct));
        var interrupted = runs.Single(r => r.Id == runId);
        interrupted.Status.ShouldBe(SyncRunStatus.Cancelled);
        interrupted.ErrorMessage.ShouldBe("Interrupted by a server shutdown; queued again.");
        var again = runs.Single(r => r.Id != runId);
        (again.Status, again.Trigger, again.Kind).ShouldBe((SyncRunStatus.Queued, SyncTrigger.Manual, SyncKind.Full));
        await next.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Healthz_AfterATick_ReportsTheSchedulerWithItsLastTick()
    {
        await using var app = App();
        using var client = app.CreateClient();
        await Tick(app).Execute(null!, Ct);

        var response = await client.GetAsync("/healthz", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var scheduler = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scheduler");
        scheduler.GetProperty("status").GetString().ShouldBe("Healthy");
        scheduler.GetProperty("data").GetProperty("lastTick").GetString().ShouldNotBe("none yet");
    }

    [Fact]
    public async Task Healthz_SchedulerStopped_IsUnhealthyWith503()
    {
        await using var app = App();
        using var client = app.CreateClient();
        var scheduler = await app.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler(Ct);
        await scheduler.Standby(Ct);

        var response = await client.GetAsync("/healthz", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("The sync scheduler is not running (Standby).");
    }

    [Fact]
    public async Task SyncDisabledNode_LeavesSyncNowQueuedAndSaysSoInHealth()
    {
        await using var app = App(("Connectors:Sync:Enabled", "false"));
        using var client = app.CreateClient();
        var account = await AddImapAccountAsync(app, "Support");

        var runId = await AsAcmeAsync(app, s => s.GetRequiredService<AccountLifecycle>().SyncNowAsync(account, Ct));
        await Task.Delay(500, Ct);

        (await CountAsync(app, db => db.SyncRuns.SingleAsync(r => r.Id == runId, Ct))).Status.ShouldBe(SyncRunStatus.Queued);
        (await client.GetStringAsync("/healthz", Ct)).ShouldContain("Sync is turned off on this node");
    }

    private static SyncTickJob Tick(ConnectorsAppFactory app) => ActivatorUtilities.CreateInstance<SyncTickJob>(app.Services);

    private static async Task<Guid> AddImapAccountAsync(ConnectorsAppFactory app, string label)
    {
        var outcome = await AsAcmeAsync(app, s => s.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap",
            new CredentialSubmission(label, null, new Dictionary<string, object?>
            {
                ["host"] = "imap.acme.test",
                ["username"] = $"{label.ToLowerInvariant()}@acme.test",
                ["password"] = "fake-ping-password",
            }), Ct));
        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        return outcome.AccountId;
    }

    private static async Task<T> AsAcmeAsync<T>(ConnectorsAppFactory app, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", Ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant.Id);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use("test-admin", TenantRole.SuperAdmin);
        return await action(scope.ServiceProvider);
    }

    private static async Task<T> CountAsync<T>(ConnectorsAppFactory app, Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        using var _ = tenant.BeginCrossTenantScan();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    }

    private static Task<SyncRun> WaitForRunAsync(ConnectorsAppFactory app, Guid runId, Func<SyncRun, bool> condition) =>
        WaitForAsync(app, db => db.SyncRuns.AsNoTracking().Where(r => r.Id == runId), condition);

    private static Task<SyncRun> WaitForAccountRunAsync(ConnectorsAppFactory app, Guid accountId, Func<SyncRun, bool> condition) =>
        WaitForAsync(app, db => db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == accountId), condition);

    private static async Task<SyncRun> WaitForAsync(ConnectorsAppFactory app, Func<ConnectorsDbContext, IQueryable<SyncRun>> runs, Func<SyncRun, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var found = (await CountAsync(app, db => runs(db).ToListAsync(Ct))).FirstOrDefault(condition);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No run reached the expected state within 20 s.");
            }

            await Task.Delay(100, Ct);
        }
    }
}
