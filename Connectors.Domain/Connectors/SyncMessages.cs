using Connectors.Domain.Documents;
using Connectors.Domain.Installations;

namespace Connectors.Domain.Connectors;

/// <summary>Everything a sync needs: the account, where documents go, and a progress sink.</summary>
public sealed record SyncContext(ConnectorAccount Account, IDocumentSink Documents, IProgress<SyncProgress> Progress);

public sealed record SyncProgress(int Current, int? Total);

/// <summary>The counts of one sync. <see cref="PartialReason"/> is set when some of it could not be
/// fetched (what was fetched still counts and the cursor is kept).</summary>
public sealed record SyncResult(int Seen, int Added, int Updated, int Removed, int Failed, string? PartialReason = null)
{
    public static SyncResult Empty { get; } = new(0, 0, 0, 0, 0);

    public bool IsPartial => PartialReason is not null;
}

public enum HealthState
{
    Healthy,
    Degraded,
    Unhealthy,
}

/// <summary>A connection check's answer; <see cref="Message"/> is safe to show.</summary>
public sealed record HealthStatus(HealthState State, string Message)
{
    public static HealthStatus Healthy(string message = "Connection OK.") => new(HealthState.Healthy, message);

    public static HealthStatus Unhealthy(string message) => new(HealthState.Unhealthy, message);
}
