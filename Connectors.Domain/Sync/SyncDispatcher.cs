namespace Connectors.Domain.Sync;

/// <summary>Hands a queued run to whatever executes runs on this node. The web host's Quartz dispatcher
/// starts it at once; without one (a node with sync turned off, a test, the CLI) the run stays queued
/// and the next scheduler tick on any node dispatches it.</summary>
public interface ISyncDispatcher
{
    /// <summary>True when the run was handed over now; false when it waits for the next tick.</summary>
    ValueTask<bool> DispatchAsync(DispatchableRun run, CancellationToken ct);
}

/// <summary>The dispatcher of nodes that do not execute runs: the run waits for a tick.</summary>
public sealed class LeaveForTickDispatcher : ISyncDispatcher
{
    public ValueTask<bool> DispatchAsync(DispatchableRun run, CancellationToken ct) => ValueTask.FromResult(false);
}
