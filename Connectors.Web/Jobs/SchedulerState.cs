namespace Connectors.Web.Jobs;

/// <summary>This node's view of its scheduler: when the last tick finished (for <c>/healthz</c>), what
/// it found, and which runs were handed to Quartz and have not ended (so a tick does not hand the same
/// queued run over twice while it waits for a free thread).</summary>
public sealed class SchedulerState
{
    private readonly HashSet<Guid> _inFlight = [];
    private readonly Lock _gate = new();

    public DateTimeOffset? LastTickAt { get; private set; }
    public TickSummary? LastTick { get; private set; }
    public string? LastTickError { get; private set; }

    public void TickSucceeded(DateTimeOffset at, TickSummary summary)
    {
        (LastTickAt, LastTick, LastTickError) = (at, summary, null);
    }

    public void TickFailed(string error) => LastTickError = error;

    public bool TryBeginDispatch(Guid runId)
    {
        lock (_gate)
        {
            return _inFlight.Add(runId);
        }
    }

    public bool IsInFlight(Guid runId)
    {
        lock (_gate)
        {
            return _inFlight.Contains(runId);
        }
    }

    public void EndDispatch(Guid runId)
    {
        lock (_gate)
        {
            _inFlight.Remove(runId);
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }
}

/// <summary>What one tick did.</summary>
public sealed record TickSummary(int Recovered, int Queued, int Dispatched, int Waiting);
