using Connectors.Domain.Sync;
using Microsoft.Extensions.Options;

namespace Connectors.Web.Jobs;

/// <summary>Hands this node's share of the queued runs whose time has come to the sync job: one per free
/// slot (its concurrent runs, less what it already holds), shared across tenants in turns; the rest wait for
/// a slot here — every run that ends takes the next at once — or on another node. Used by the tick, the orphan
/// check and the end of every run.</summary>
public sealed class ReadyRunDispatcher(SchedulerState state, ISyncDispatcher dispatcher, IOptions<SyncOptions> options)
{
    public async Task<int> DispatchAsync(SyncScheduler scheduler, CancellationToken ct) =>
        (await HandOverAsync(scheduler, keepOne: false, ct)).Dispatched;

    /// <summary>For a slot whose run just ended: the next run in the tenants' turns, reserved for that slot
    /// (in flight here) so the caller runs it at once — no trip through Quartz for the slot that is already
    /// running — and any other free slot handed its own run as <see cref="DispatchAsync"/> does. Null when
    /// no run is ready (or every free slot is taken).</summary>
    public async Task<DispatchableRun?> TakeNextAsync(SyncScheduler scheduler, CancellationToken ct) =>
        (await HandOverAsync(scheduler, keepOne: true, ct)).Kept;

    private async Task<(int Dispatched, DispatchableRun? Kept)> HandOverAsync(SyncScheduler scheduler, bool keepOne, CancellationToken ct)
    {
        var room = Math.Max(0, options.Value.MaxConcurrentRuns - state.InFlight);
        if (room == 0)
        {
            return (0, null);
        }

        var ready = await scheduler.DispatchableAsync(room + state.InFlight, ct);
        var dispatched = 0;
        DispatchableRun? kept = null;
        foreach (var run in ready)
        {
            if (dispatched + (kept is null ? 0 : 1) >= room)
            {
                break;
            }

            if (keepOne && kept is null)
            {
                if (state.TryBeginDispatch(run.RunId))
                {
                    kept = run;
                }

                continue;
            }

            if (!state.IsInFlight(run.RunId) && await dispatcher.DispatchAsync(run, ct))
            {
                dispatched++;
            }
        }

        return (dispatched, kept);
    }
}
