using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Sync;

/// <summary>The scheduler's queueing of due accounts: one Schedule run per account whose next sync has come,
/// exactly once across nodes.</summary>
public sealed partial class SyncScheduler
{
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
                    // Queued there first: its own run stands.
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
}
