using System.Diagnostics;
using Connectors.Domain.Sync;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>
/// The scheduler tick, every 5 seconds by default: fail and retry runs whose node stopped
/// heart-beating, queue a run for every due account (batches of 100), and hand this node's share of
/// the queued runs whose time has come to the sync job. Safe on several nodes at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SyncTickJob(
    IServiceScopeFactory scopes, SchedulerState state, ReadyRunDispatcher dispatcher, SyncTelemetry telemetry,
    TimeProvider clock, ILogger<SyncTickJob> logger) : IJob
{
    public static readonly JobKey Key = new("sync-tick", "connectors");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var activity = SyncTelemetry.ActivitySource.StartActivity("sync.tick");
        try
        {
            var summary = await TickAsync(cancellationToken);
            activity?.SetTag("connectors.recovered", summary.Recovered);
            activity?.SetTag("connectors.queued", summary.Queued);
            activity?.SetTag("connectors.dispatched", summary.Dispatched);
            state.TickSucceeded(clock.GetUtcNow(), summary);
            if (summary.Recovered + summary.Queued + summary.Dispatched > 0)
            {
                LogTick(summary.Recovered, summary.Queued, summary.Dispatched, summary.Waiting);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            state.TickFailed($"{e.GetType().Name} at {clock.GetUtcNow():u}");
            LogTickFailed(e);
        }
    }

    /// <summary>One tick; public so tests drive it without waiting for the cron.</summary>
    public async Task<TickSummary> TickAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<SyncScheduler>();
        var recovered = await scheduler.RecoverStaleAsync(ct);
        var queued = await scheduler.QueueDueAsync(ct);

        var dispatched = await dispatcher.DispatchAsync(scheduler, ct);
        var waiting = await scheduler.BacklogAsync(ct);
        telemetry.DueBacklog(waiting);
        return new TickSummary(recovered, queued, dispatched, waiting);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync tick: {Recovered} recovered, {Queued} queued, {Dispatched} dispatched, {Waiting} waiting.")]
    private partial void LogTick(int recovered, int queued, int dispatched, int waiting);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync tick failed.")]
    private partial void LogTickFailed(Exception e);
}
