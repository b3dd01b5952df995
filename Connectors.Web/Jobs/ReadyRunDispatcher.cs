using Connectors.Domain.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Web.Jobs;

/// <summary>Hands this node's share of the queued runs whose time has come to the sync job: as many as
/// it has room for (twice its concurrent runs, less what it already holds); the rest wait for a free
/// thread or another node. Used by the tick and by the orphan check.</summary>
public sealed class ReadyRunDispatcher(SchedulerState state, ISyncDispatcher dispatcher, IOptions<SyncOptions> options)
{
    public async Task<int> DispatchAsync(SyncScheduler scheduler, CancellationToken ct)
    {
        var room = Math.Max(0, (options.Value.MaxConcurrentRuns * 2) - state.InFlight);
        var ready = await scheduler.DispatchableAsync(room + state.InFlight, ct);
        var dispatched = 0;
        foreach (var run in ready)
        {
            if (dispatched >= room)
            {
                break;
            }

            if (!state.IsInFlight(run.RunId) && await dispatcher.DispatchAsync(run, ct))
            {
                dispatched++;
            }
        }

        return dispatched;
    }
}
