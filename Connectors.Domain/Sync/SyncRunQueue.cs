using Connectors.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Sync;

/// <summary>Queues a run of one account and hands it to this node's dispatcher at once, so it starts without
/// waiting for the scheduler's tick. The database allows one queued or running run per account.</summary>
public sealed class SyncRunQueue(ISyncDispatcher dispatcher, TimeProvider clock, ILogger<SyncRunQueue> logger)
{
    /// <summary>Queues the run (saving whatever else <paramref name="db"/> tracks with it) and dispatches it.
    /// Null when the account already has a queued or running run.</summary>
    public async Task<Guid?> QueueAsync(
        ConnectorsDbContext db, Guid tenantId, Guid accountId, SyncTrigger trigger, SyncKind kind, CancellationToken ct)
    {
        var run = new SyncRun
        {
            InstallationId = accountId,
            Trigger = trigger,
            Kind = kind,
            Status = SyncRunStatus.Queued,
            QueuedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.SyncRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            db.ChangeTracker.Clear();
            return null;
        }

        try
        {
            await dispatcher.DispatchAsync(new DispatchableRun(run.Id, tenantId, accountId), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The run is queued: the next tick dispatches it.
            logger.LogWarning(e, "Dispatching run {RunId} failed; the next scheduler tick picks it up.", run.Id);
        }

        return run.Id;
    }
}
