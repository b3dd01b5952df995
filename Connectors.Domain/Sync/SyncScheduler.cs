using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Sync;

/// <summary>A queued run whose time has come, with the tenant to restore before running it.</summary>
public sealed record DispatchableRun(Guid RunId, Guid TenantId, Guid InstallationId);

/// <summary>
/// The scheduler's database work — the one place that reads across tenants: recover runs
/// whose node stopped heart-beating, queue a run for every due account, list queued runs ready to go,
/// and claim one atomically. Every step is safe to run on several nodes at once: the filtered unique
/// index allows one queued or running run per account, and a claim is a single conditional update.
/// </summary>
public sealed partial class SyncScheduler(
    IDbContextFactory<ConnectorsDbContext> factory, TenantContext tenant, TimeProvider clock,
    IOptions<SyncLivenessOptions> liveness, SyncNode node, ILogger<SyncScheduler> logger)
{
    public const int BatchSize = 100;

    /// <summary>Fails Running runs whose heartbeat is older than <see cref="SyncLivenessOptions.StaleAfter"/>
    /// as interrupted and queues their retry, ready at once (while retries remain). Returns how many were
    /// recovered. Each is failed by one conditional update, so of several nodes recovering the same run
    /// exactly one does it and queues its retry.</summary>
    public async Task<int> RecoverStaleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleAfter = liveness.Value.StaleAfter;
        var cutoff = now - staleAfter;
        List<SyncRun> stale;
        await using (var db = factory.CreateDbContext())
        using (tenant.BeginCrossTenantScan())
        {
            stale = await db.SyncRuns.AsNoTracking()
                .Where(r => r.Status == SyncRunStatus.Running && (r.HeartbeatAt ?? r.StartedAt ?? r.QueuedAt) < cutoff)
                .OrderBy(r => r.HeartbeatAt).Take(BatchSize).ToListAsync(ct);
        }

        var recovered = 0;
        foreach (var run in stale)
        {
            using var _ = tenant.Enter(run.TenantId);
            await using var db = factory.CreateDbContext();

            // Failing the run and queueing its retry commit together: a tick on another node that looks
            // for due accounts in between would otherwise see no active run and queue a fresh Schedule run,
            // and the retry (its attempt count) would be lost to the one-active-run index.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var message = $"Interrupted: the run stopped reporting progress for {staleAfter.TotalSeconds:0} seconds "
                + $"(its node {run.NodeId ?? "unknown"} stopped or restarted); queued again.";
            var failed = await db.SyncRuns.Where(r => r.Id == run.Id && r.Status == SyncRunStatus.Running)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.Status, SyncRunStatus.Failed)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.ErrorCategory, SyncErrorCategory.Unexpected)
                    .SetProperty(r => r.ErrorMessage, message), ct);
            if (failed == 0)
            {
                continue; // Finished or recovered by another node meanwhile.
            }

            if (SyncSchedule.RetryDelay(run.Attempt, null) is not null)
            {
                await TryQueueAsync(db, Retry(run, now), ct);
            }

            await transaction.CommitAsync(ct);
            recovered++;
            LogRecoveredRun(run.Id, run.NodeId, now - (run.HeartbeatAt ?? run.StartedAt ?? run.QueuedAt));
        }

        if (recovered > 0)
        {
            LogRecovered(recovered);
        }

        return recovered;
    }

    /// <summary>Queues a Schedule run for every Active account whose next sync is due and that has no
    /// queued or running run, in batches of <see cref="BatchSize"/>. Each batch starts where the previous one
    /// ended (keyset on NextSyncAt), so a large backlog costs the same per batch; a batch is inserted with
    /// one prepared INSERT per tenant, falling back to one row at a time when another node queued some of it
    /// first, and keeps only the runs of accounts still due as the query saw them. Returns how many were queued
    /// here.</summary>
    public async Task<int> QueueDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var queued = 0;
        DateTime? after = null;
        while (true)
        {
            List<DueAccount> due;
            await using (var db = factory.CreateDbContext())
            using (tenant.BeginCrossTenantScan())
            {
                var query = db.Installations.AsNoTracking()
                    .Where(i => i.Status == InstallationStatus.Active && i.NextSyncAt <= now);
                if (after is { } from)
                {
                    query = query.Where(i => i.NextSyncAt >= from);
                }

                due = await query
                    .Where(i => !db.SyncRuns.Any(r => r.InstallationId == i.Id && (r.Status == SyncRunStatus.Queued || r.Status == SyncRunStatus.Running)))
                    .OrderBy(i => i.NextSyncAt)
                    .Select(i => new DueAccount(i.Id, i.TenantId, i.LastSuccessAt == null, i.NextSyncAt!.Value))
                    .Take(BatchSize).ToListAsync(ct);
            }

            if (due.Count == 0)
            {
                return queued;
            }

            var inBatch = 0;
            foreach (var group in due.GroupBy(a => a.TenantId))
            {
                inBatch += await QueueBatchAsync(group.Key, [.. group], now, ct);
            }

            queued += inBatch;
            if (inBatch == 0 || due.Count < BatchSize)
            {
                // Nothing more to queue here (another node is queueing the same accounts, or none are left).
                return queued;
            }

            // What this batch queued now has a queued run and drops out of the next query.
            after = due[^1].NextSyncAt;
        }
    }

    private sealed record DueAccount(Guid Id, Guid TenantId, bool Full, DateTime NextSyncAt);

    private async Task<int> QueueBatchAsync(Guid tenantId, IReadOnlyList<DueAccount> accounts, DateTime now, CancellationToken ct)
    {
        using var _ = tenant.Enter(tenantId);
        await using var db = factory.CreateDbContext();
        try
        {
            return await QueueStillDueAsync(db, tenantId, accounts, now, ct);
        }
        catch (Exception e) when (UniqueIndex.IsViolation(e))
        {
            // Another node queued some of them first (the transaction rolled back): the rest one by one.
            var queued = 0;
            foreach (var account in accounts)
            {
                try
                {
                    queued += await QueueStillDueAsync(db, tenantId, [account], now, ct);
                }
                catch (Exception one) when (UniqueIndex.IsViolation(one))
                {
                    db.ChangeTracker.Clear();
                }
            }

            return queued;
        }
    }

    /// <summary>
    /// Inserts a Schedule run for each account in one transaction (one prepared INSERT, so the tick's cost is
    /// the due query, not change tracking per account), then keeps only those whose account is still as the due
    /// query saw it: Active with the same next sync. An account whose run another node queued, ran and finished
    /// since the due query has moved its next sync on (the finished run saves both in one transaction), so it is
    /// not queued again; a run still queued or running there makes the insert fail on the one-active-run index.
    /// Either way no account runs twice for one due time.
    /// </summary>
    private static async Task<int> QueueStillDueAsync(
        ConnectorsDbContext db, Guid tenantId, IReadOnlyList<DueAccount> accounts, DateTime now, CancellationToken ct)
    {
        var runs = accounts.Select(account => new SyncRun
        {
            TenantId = tenantId,
            InstallationId = account.Id,
            Trigger = SyncTrigger.Schedule,
            Kind = account.Full ? SyncKind.Full : SyncKind.Incremental,
            Status = SyncRunStatus.Queued,
            QueuedAt = now,
        }).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await PreparedInsert.InsertAsync(db, runs, ct);

        // Read after the insert, inside its transaction: a run of the account still active at the insert made it
        // fail, so a run that finished since the due query committed its moved next sync before — and shows here.
        var ids = accounts.Select(a => a.Id).ToList();
        var current = await db.Installations.AsNoTracking()
            .Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.Status, i.NextSyncAt })
            .ToDictionaryAsync(i => i.Id, ct);
        var moved = runs.Zip(accounts)
            .Where(pair => !current.TryGetValue(pair.Second.Id, out var seen)
                || seen.Status != InstallationStatus.Active || seen.NextSyncAt != pair.Second.NextSyncAt)
            .Select(pair => pair.First.Id)
            .ToList();
        if (moved.Count > 0)
        {
            await db.SyncRuns.Where(r => moved.Contains(r.Id)).ExecuteDeleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return runs.Count - moved.Count;
    }

    /// <summary>Queued runs whose retry time (if any) has come, shared fairly across tenants: each tenant's
    /// oldest first, and the tenants taken in turn (round-robin, the tenant waiting longest first), so one
    /// tenant's thousands of queued runs cannot starve another's few. One grouped query finds the waiting
    /// tenants; then each of the first <paramref name="max"/> of them gives at most <paramref name="max"/> runs
    /// (<paramref name="max"/> is a node's free slots plus what it holds, so a handful of small queries).</summary>
    public async Task<IReadOnlyList<DispatchableRun>> DispatchableAsync(int max, CancellationToken ct)
    {
        if (max <= 0)
        {
            return [];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        using var _ = tenant.BeginCrossTenantScan();
        var ready = db.SyncRuns.AsNoTracking()
            .Where(r => r.Status == SyncRunStatus.Queued && (r.NotBefore == null || r.NotBefore <= now));
        var tenants = await ready.GroupBy(r => r.TenantId)
            .Select(g => new { TenantId = g.Key, Oldest = g.Min(r => r.QueuedAt) })
            .OrderBy(t => t.Oldest).Take(max)
            .ToListAsync(ct);
        var runs = new List<ReadyRun>();
        foreach (var waiting in tenants)
        {
            runs.AddRange(await ready.Where(r => r.TenantId == waiting.TenantId)
                .OrderBy(r => r.QueuedAt).Take(max)
                .Select(r => new ReadyRun(r.Id, r.TenantId, r.InstallationId, r.QueuedAt))
                .ToListAsync(ct));
        }

        return RoundRobin(runs, max);
    }

    /// <summary>The runs in tenant turns: every tenant's oldest, then every tenant's second oldest, … — the
    /// tenants in the order of their oldest run.</summary>
    internal static IReadOnlyList<DispatchableRun> RoundRobin(IEnumerable<ReadyRun> ready, int max) =>
        [.. ready.GroupBy(r => r.TenantId)
            .SelectMany(g => g.OrderBy(r => r.QueuedAt).ThenBy(r => r.Id).Select((r, turn) => (Run: r, Turn: turn, Oldest: g.Min(x => x.QueuedAt))))
            .OrderBy(x => x.Turn).ThenBy(x => x.Oldest).ThenBy(x => x.Run.TenantId)
            .Take(max)
            .Select(x => new DispatchableRun(x.Run.Id, x.Run.TenantId, x.Run.InstallationId))];

    internal sealed record ReadyRun(Guid Id, Guid TenantId, Guid InstallationId, DateTime QueuedAt);

    /// <summary>Queued runs whose time has come and that no node has started yet, in every tenant.</summary>
    public async Task<int> BacklogAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        using var _ = tenant.BeginCrossTenantScan();
        return await db.SyncRuns.CountAsync(r => r.Status == SyncRunStatus.Queued && (r.NotBefore == null || r.NotBefore <= now), ct);
    }

    /// <summary>Moves a queued run to Running in one conditional update: of several nodes claiming it,
    /// exactly one gets true.</summary>
    public async Task<bool> ClaimAsync(DispatchableRun run, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        using var _ = tenant.Enter(run.TenantId);
        await using var db = factory.CreateDbContext();
        return await db.SyncRuns.Where(r => r.Id == run.RunId && r.Status == SyncRunStatus.Queued)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SyncRunStatus.Running)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.NodeId, node.Id), ct) == 1;
    }

    private static SyncRun Retry(SyncRun failed, DateTime now) => new()
    {
        InstallationId = failed.InstallationId,
        Trigger = SyncTrigger.Retry,
        Kind = failed.Kind,
        Status = SyncRunStatus.Queued,
        Attempt = failed.Attempt + 1,
        QueuedAt = now,
        NotBefore = now,
    };

    /// <summary>Inserts a queued run; false when the account already has an active one (the unique index).</summary>
    private static async Task<bool> TryQueueAsync(ConnectorsDbContext db, SyncRun run, CancellationToken ct)
    {
        db.SyncRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered run {RunId} of node {NodeId}: no heartbeat for {Silence}.")]
    private partial void LogRecoveredRun(Guid runId, string? nodeId, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovered {Count} interrupted sync run(s).")]
    private partial void LogRecovered(int count);
}
