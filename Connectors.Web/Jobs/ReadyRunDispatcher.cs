using Connectors.Domain.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Web.Jobs;

/// <summary>Hands this node's share of the queued runs whose time has come to the sync job: one per free
/// slot (its concurrent runs, less what it already holds), shared across tenants in turns; the rest wait for
/// a slot here — every run that ends takes the next at once — or on another node. Used by the tick, the orphan
/// check and the end of every run.</summary>
public sealed class ReadyRunDispatcher(SchedulerState state, ISyncDispatcher dispatcher, IOptions<SyncOptions> options)
{
    public async Task<int> DispatchAsync(SyncScheduler scheduler, CancellationToken ct)
    {
        var room = Math.Max(0, options.Value.MaxConcurrentRuns - state.InFlight);
        if (room == 0)
        {
            return 0;
        }

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
