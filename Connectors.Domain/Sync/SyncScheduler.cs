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
