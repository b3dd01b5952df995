using Connectors.Domain.Sync;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>Hands a queued run to this node's Quartz scheduler now (the sync job claims it, so a run
/// handed over twice, or on two nodes, still runs once).</summary>
public sealed class QuartzSyncDispatcher(ISchedulerFactory schedulers, SchedulerState state, ILogger<QuartzSyncDispatcher> logger) : ISyncDispatcher
{
    public async ValueTask<bool> DispatchAsync(DispatchableRun run, CancellationToken ct)
    {
        if (!state.TryBeginDispatch(run.RunId))
        {
            return true; // Already handed over on this node and not finished.
        }

        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            if (scheduler.Status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)
            {
                state.EndDispatch(run.RunId);
                return false;
            }

            await scheduler.TriggerJob(SyncRunJob.Key, SyncRunJob.Data(run), ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.EndDispatch(run.RunId);
            logger.LogWarning(e, "Could not hand run {RunId} to the scheduler; it stays queued for the next tick.", run.RunId);
            return false;
        }
    }
}
