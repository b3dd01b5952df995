using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>Runs whose node stopped heart-beating: failed as interrupted and retried exactly once, also with
/// several nodes checking and a tick looking for due accounts at the same moment.</summary>
public sealed class StaleRunRecoveryTests : SchedulerTestsBase
{
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
}
