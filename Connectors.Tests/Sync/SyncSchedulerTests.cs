using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>The scheduler's database steps at a controlled time: due accounts queued once (also under
/// concurrent ticks and when another node finishes a run meanwhile), retries held until their time, tenants taken
/// in turn, claims won by exactly one. Stale runs: <see cref="StaleRunRecoveryTests"/>.</summary>
public sealed class SyncSchedulerTests : SchedulerTestsBase
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
}
