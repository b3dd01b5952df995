namespace Connectors.Web.Jobs;

/// <summary>The <c>Connectors:Sync</c> section: whether this node runs syncs, how often it ticks, and how
/// many runs it executes at once.</summary>
public sealed class SyncOptions
{
    public const string Section = "Connectors:Sync";

    /// <summary>False for a node that only serves the UI: its "Sync now" leaves the run queued for a
    /// node that runs syncs (its next tick dispatches it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron (with seconds) of the scheduler tick; every 5 seconds by default, so an account
    /// that falls due is queued and started within seconds (a tick with nothing to do costs three indexed queries).</summary>
    public string TickCron { get; set; } = "0/5 * * * * ?";

    /// <summary>Runs executed at the same time on this node.</summary>
    public int MaxConcurrentRuns { get; set; } = 4;
}
