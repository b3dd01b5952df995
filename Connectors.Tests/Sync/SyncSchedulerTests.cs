using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>The scheduler's database steps at a controlled time: due accounts queued once (also under
/// concurrent ticks), stale runs recovered, retries held until their time, claims won by exactly one.</summary>
public sealed class SyncSchedulerTests : TestBedTests
{
    [Fact]
    public async Task QueueDueAsync_DueAccountsInEveryTenant_QueuesOneScheduleRunEachOnce()
    {
        var due = await AccountAsync(Bed.Acme, "Due", nextSyncInMinutes: -1);
        var dueGlobex = await AccountAsync(Bed.Globex, "Due elsewhere", nextSyncInMinutes: 0);
        var later = await AccountAsync(Bed.Acme, "Later", nextSyncInMinutes: 5);

        var first = await TickQueueAsync();
        var second = await TickQueueAsync();

        first.ShouldBe(2);
        second.ShouldBe(0);
        var runs = await RunsAsync();
        runs.Select(r => r.InstallationId).ShouldBe([due, dueGlobex], ignoreOrder: true);
        runs.ShouldAllBe(r => r.Status == SyncRunStatus.Queued && r.Trigger == SyncTrigger.Schedule);
        runs.Single(r => r.InstallationId == dueGlobex).TenantId.ShouldBe(Bed.Globex);
        runs.ShouldNotContain(r => r.InstallationId == later);
    }

    [Theory]
    [InlineData(InstallationStatus.Paused)]
    [InlineData(InstallationStatus.Error)]
    [InlineData(InstallationStatus.NeedsReconnect)]
    public async Task QueueDueAsync_AccountNotActive_IsNotQueued(InstallationStatus status)
    {
        var account = await AccountAsync(Bed.Acme, "Stopped", nextSyncInMinutes: -10);
        await SetAsync(account, status);

        (await TickQueueAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task QueueDueAsync_TenConcurrentTicksOverFiftyDueAccounts_EachAccountQueuedExactlyOnce()
    {
        for (var i = 0; i < 50; i++)
        {
            await AccountAsync(Bed.Acme, $"Box {i}", nextSyncInMinutes: -1);
        }

        var counts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => TickQueueAsync()));

        counts.Sum().ShouldBe(50);
        var runs = await RunsAsync();
        runs.Count.ShouldBe(50);
        runs.Select(r => r.InstallationId).Distinct().Count().ShouldBe(50);
    }

    [Fact]
    public async Task RecoverStaleAsync_HeartbeatOlderThanStaleAfter_FailsItAsInterruptedAndQueuesARetryReadyAtOnce()
    {
        var account = await AccountAsync(Bed.Acme, "Stuck", nextSyncInMinutes: 10);
        var stuck = await RunningAsync(account, heartbeatSecondsAgo: 41);

        var recovered = await WithSchedulerAsync(s => s.RecoverStaleAsync(Ct));

        recovered.ShouldBe(1);
        var runs = await RunsAsync();
        var failed = runs.Single(r => r.Id == stuck);
        failed.Status.ShouldBe(SyncRunStatus.Failed);
        failed.ErrorCategory.ShouldBe(SyncErrorCategory.Unexpected);
        failed.ErrorMessage!.ShouldContain("Interrupted");
        var retry = runs.Single(r => r.Status == SyncRunStatus.Queued);
        (retry.Trigger, retry.Attempt, retry.InstallationId).ShouldBe((SyncTrigger.Retry, 2, account));
        (await WithSchedulerAsync(s => s.DispatchableAsync(10, Ct))).ShouldHaveSingleItem().RunId.ShouldBe(retry.Id);
    }

    [Fact]
    public async Task RecoverStaleAsync_HeartbeatWithinStaleAfter_LeavesTheRunAlone()
    {
        var account = await AccountAsync(Bed.Acme, "Busy", nextSyncInMinutes: 10);
        await RunningAsync(account, heartbeatSecondsAgo: 39);

        (await WithSchedulerAsync(s => s.RecoverStaleAsync(Ct))).ShouldBe(0);
        (await RunsAsync()).Single().Status.ShouldBe(SyncRunStatus.Running);
    }

    [Fact]
    public async Task RecoverStaleAsync_ClaimedRunWhoseNodeStopsHeartbeating_IsRecoveredByTheFirstCheckPastStaleAfter()
    {
        var account = await AccountAsync(Bed.Acme, "Orphan", nextSyncInMinutes: 10);
        await QueueAsync(account, notBeforeSeconds: null);
        var run = (await WithSchedulerAsync(s => s.DispatchableAsync(10, Ct))).Single();
        (await WithSchedulerAsync(s => s.ClaimAsync(run, Ct))).ShouldBeTrue();
        var node = Bed.Database.Services.GetRequiredService<SyncNode>().Id;

        // The node dies right after its claim: the checks every half heartbeat (5 s) leave the run alone
        // while its heartbeat is at most 40 s old, and the first check after that recovers it.
        var recoveredAt = new List<int>();
        for (var second = 5; second <= 60; second += 5)
        {
            Bed.Clock.Advance(TimeSpan.FromSeconds(5));
            if (await WithSchedulerAsync(s => s.RecoverStaleAsync(Ct)) > 0)
            {
                recoveredAt.Add(second);
            }
        }

        recoveredAt.ShouldBe([45]);
        var runs = await RunsAsync();
        var failed = runs.Single(r => r.Id == run.RunId);
        failed.NodeId.ShouldBe(node);
        failed.ErrorMessage.ShouldBe($"Interrupted: the run stopped reporting progress for 40 seconds (its node {node} stopped or restarted); queued again.");
        runs.Count(r => r.Status == SyncRunStatus.Queued).ShouldBe(1);
    }

    [Fact]
    public async Task RecoverStaleAsync_TenNodesCheckingOneOrphan_RecoveredAndRetriedExactlyOnce()
    {
        var account = await AccountAsync(Bed.Acme, "Contended orphan", nextSyncInMinutes: 10);
        var stuck = await RunningAsync(account, heartbeatSecondsAgo: 120);

        var counts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => WithSchedulerAsync(s => s.RecoverStaleAsync(Ct))));

        counts.Sum().ShouldBe(1);
        var runs = await RunsAsync();
        runs.Single(r => r.Id == stuck).Status.ShouldBe(SyncRunStatus.Failed);
        runs.Count(r => r.Status == SyncRunStatus.Queued).ShouldBe(1);
    }

    [Fact]
    public async Task RecoverStaleAsync_ATickLooksForDueAccountsRightAfterTheOrphanFails_SeesItActiveAndTheRetryIsTheOnlyQueuedRun()
    {
        // The orphan's account is due (as after a crash mid-sync). Another node's tick runs the moment the
        // orphan is marked failed, before its retry is queued: it must not see the account as idle.
        var account = await AccountAsync(Bed.Acme, "Due orphan", nextSyncInMinutes: -5);
        var stuck = await RunningAsync(account, heartbeatSecondsAgo: 120);
        var tickQueued = -1;
        using (EfCommands.AfterNonQuery(
            command => command.CommandText.Contains("UPDATE", StringComparison.OrdinalIgnoreCase)
                && command.Parameters.Cast<System.Data.Common.DbParameter>().Any(p => string.Equals(p.Value?.ToString(), stuck.ToString(), StringComparison.OrdinalIgnoreCase)),
            () => tickQueued = TickQueueAsync().GetAwaiter().GetResult()))
        {
            (await WithSchedulerAsync(s => s.RecoverStaleAsync(Ct))).ShouldBe(1);
        }

        tickQueued.ShouldBe(0, "the tick ran between the fail and the retry and found the account still active");
        var queued = (await RunsAsync()).Where(r => r.Status == SyncRunStatus.Queued).ShouldHaveSingleItem();
        (queued.Trigger, queued.Attempt).ShouldBe((SyncTrigger.Retry, 2));
    }

    [Fact]
    public async Task QueueDueAsync_TheAccountsRunFinishesOnAnotherNodeRightAfterTheDueQuery_IsNotQueuedAgain()
    {
        // Another node queues, runs and finishes the account's run between this tick's due query and its insert
        // (a quick sync on a busy machine): the account is no longer due, so it must not run a second time.
        var account = await AccountAsync(Bed.Acme, "Raced", nextSyncInMinutes: -1);
        int queued;
        using (AfterTheDueQueryOnce(() => FinishedElsewhereAsync(account).GetAwaiter().GetResult()))
        {
            queued = await TickQueueAsync();
        }

        queued.ShouldBe(0);
        (await RunsAsync()).ShouldHaveSingleItem().Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task QueueDueAsync_AnotherNodeQueuedOneAndFinishedTheOtherAfterTheDueQuery_FallbackQueuesNeither()
    {
        // The batch insert fails on the run the other node queued; the one-by-one fallback must still see that
        // the other account's run has finished meanwhile.
        var queuedThere = await AccountAsync(Bed.Acme, "Queued there", nextSyncInMinutes: -2);
        var finishedThere = await AccountAsync(Bed.Acme, "Finished there", nextSyncInMinutes: -1);
        int queued;
        using (AfterTheDueQueryOnce(() =>
        {
            QueueAsync(queuedThere, notBeforeSeconds: null).GetAwaiter().GetResult();
            FinishedElsewhereAsync(finishedThere).GetAwaiter().GetResult();
        }))
        {
            queued = await TickQueueAsync();
        }

        queued.ShouldBe(0);
        var runs = await RunsAsync();
        runs.Count.ShouldBe(2);
        runs.Single(r => r.InstallationId == queuedThere).Trigger.ShouldBe(SyncTrigger.Retry, "the other node's run, not a second one");
        runs.Single(r => r.InstallationId == finishedThere).Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task DispatchableAsync_RetryNotYetDue_IsHeldUntilItsTime()
    {
        var account = await AccountAsync(Bed.Acme, "Retrying", nextSyncInMinutes: 10);
        await QueueAsync(account, notBeforeSeconds: 60);

        (await WithSchedulerAsync(s => s.DispatchableAsync(10, Ct))).ShouldBeEmpty();
        Bed.Clock.Advance(TimeSpan.FromSeconds(60));
        (await WithSchedulerAsync(s => s.DispatchableAsync(10, Ct))).ShouldHaveSingleItem().InstallationId.ShouldBe(account);
    }

    [Fact]
    public async Task ClaimAsync_TenNodesClaimingOneRun_ExactlyOneWins()
    {
        var account = await AccountAsync(Bed.Acme, "Contended", nextSyncInMinutes: 10);
        await QueueAsync(account, notBeforeSeconds: null);
        var run = (await WithSchedulerAsync(s => s.DispatchableAsync(10, Ct))).Single();

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => WithSchedulerAsync(s => s.ClaimAsync(run, Ct))));

        claims.Count(c => c).ShouldBe(1);
        var claimed = (await RunsAsync()).Single();
        claimed.Status.ShouldBe(SyncRunStatus.Running);
        claimed.HeartbeatAt.ShouldBe(Bed.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task DispatchableAsync_OneTenantWithManyQueued_AnotherTenantsFewAreTakenInTurn()
    {
        // Acme queued 12 runs first; Globex's 2 were queued after all of them.
        for (var i = 0; i < 12; i++)
        {
            await AccountAsync(Bed.Acme, $"Acme {i}", nextSyncInMinutes: -1);
        }

        (await TickQueueAsync()).ShouldBe(12);
        Bed.Clock.Advance(TimeSpan.FromSeconds(1));
        await AccountAsync(Bed.Globex, "Globex 1", nextSyncInMinutes: -1);
        await AccountAsync(Bed.Globex, "Globex 2", nextSyncInMinutes: -1);
        (await TickQueueAsync()).ShouldBe(2);

        var four = await WithSchedulerAsync(s => s.DispatchableAsync(4, Ct));

        // Oldest first would hand out four of Acme's; in turns, Globex gets its two.
        four.Select(r => r.TenantId).ShouldBe([Bed.Acme, Bed.Globex, Bed.Acme, Bed.Globex]);
        (await WithSchedulerAsync(s => s.DispatchableAsync(20, Ct))).Count.ShouldBe(14);
    }

    private Task<int> TickQueueAsync() => WithSchedulerAsync(s => s.QueueDueAsync(Ct));

    private async Task<T> WithSchedulerAsync<T>(Func<SyncScheduler, Task<T>> step)
    {
        // A fresh scope per call, as each Quartz job execution (or node) has its own.
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        return await step(scope.ServiceProvider.GetRequiredService<SyncScheduler>());
    }

    private async Task<Guid> AccountAsync(Guid tenantId, string label, int nextSyncInMinutes)
    {
        var id = (await Bed.CreateMailAccountAsync(tenantId, label)).AccountId;
        await using var db = Db(tenantId);
        var next = Bed.Clock.GetUtcNow().UtcDateTime.AddMinutes(nextSyncInMinutes);
        await db.Installations.Where(i => i.Id == id).ExecuteUpdateAsync(u => u.SetProperty(i => i.NextSyncAt, next), Ct);
        return id;
    }

    private async Task SetAsync(Guid account, InstallationStatus status)
    {
        await using var db = Db(Bed.Acme);
        await db.Installations.Where(i => i.Id == account).ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, status), Ct);
    }

    /// <summary>Runs <paramref name="elsewhere"/> once, right after this test's tick read its due accounts.</summary>
    private IDisposable AfterTheDueQueryOnce(Action elsewhere)
    {
        var done = 0;
        return EfCommands.AfterReader(
            command => command.Connection?.ConnectionString == Bed.Database.ConnectionString
                && command.CommandText.Contains("NextSyncAt", StringComparison.Ordinal)
                && command.CommandText.Contains("SyncRuns", StringComparison.Ordinal)
                && Interlocked.Exchange(ref done, 1) == 0,
            elsewhere);
    }

    /// <summary>Another node's whole run: queued, run and finished, the account's next sync moved on — saved
    /// together, as a finished run is.</summary>
    private async Task FinishedElsewhereAsync(Guid account)
    {
        await using var db = Db(Bed.Acme);
        var now = Bed.Clock.GetUtcNow().UtcDateTime;
        db.SyncRuns.Add(new SyncRun
        {
            InstallationId = account, Status = SyncRunStatus.Succeeded, Trigger = SyncTrigger.Schedule,
            QueuedAt = now, StartedAt = now, FinishedAt = now,
        });
        var installation = await db.Installations.SingleAsync(i => i.Id == account, Ct);
        installation.NextSyncAt = now.AddMinutes(60);
        installation.LastSuccessAt = now;
        await db.SaveChangesAsync(Ct);
    }

    private async Task<Guid> RunningAsync(Guid account, int heartbeatSecondsAgo)
    {
        await using var db = Db(Bed.Acme);
        var at = Bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(-heartbeatSecondsAgo);
        var run = new SyncRun { InstallationId = account, Status = SyncRunStatus.Running, QueuedAt = at, StartedAt = at, HeartbeatAt = at };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    private async Task QueueAsync(Guid account, int? notBeforeSeconds)
    {
        await using var db = Db(Bed.Acme);
        var now = Bed.Clock.GetUtcNow().UtcDateTime;
        db.SyncRuns.Add(new SyncRun
        {
            InstallationId = account, Status = SyncRunStatus.Queued, Trigger = SyncTrigger.Retry, Attempt = 2, QueuedAt = now,
            NotBefore = notBeforeSeconds is { } s ? now.AddSeconds(s) : null,
        });
        await db.SaveChangesAsync(Ct);
    }

    private async Task<List<SyncRun>> RunsAsync()
    {
        var acme = await RunsOfAsync(Bed.Acme);
        return [.. acme, .. await RunsOfAsync(Bed.Globex)];
    }

    private async Task<List<SyncRun>> RunsOfAsync(Guid tenantId)
    {
        await using var db = Db(tenantId);
        return await db.SyncRuns.AsNoTracking().ToListAsync(Ct);
    }

    private ScopedContext Db(Guid tenantId) => new(Bed.As(tenantId));

    /// <summary>A context acting in one tenant, disposed with its scope.</summary>
    private sealed class ScopedContext(AsyncServiceScope scope) : IAsyncDisposable
    {
        private readonly ConnectorsDbContext _db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();

        public DbSet<ConnectorInstallation> Installations => _db.Installations;

        public DbSet<SyncRun> SyncRuns => _db.SyncRuns;

        public Task<int> SaveChangesAsync(CancellationToken ct) => _db.SaveChangesAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await _db.DisposeAsync();
            await scope.DisposeAsync();
        }
    }
}
