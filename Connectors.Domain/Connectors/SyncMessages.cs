using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
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

/// <summary>Why a connection check failed: refused credentials need a person to reconnect; the others may pass
/// on their own (transient) or need the settings fixed (configuration).</summary>
public enum HealthFailure
{
    Auth,
    Transient,
    Configuration,
}

/// <summary>A connection check's answer; <see cref="Message"/> is safe to show. <see cref="Failure"/> says what
/// kind of failure an unhealthy answer is.</summary>
public sealed record HealthStatus(HealthState State, string Message, HealthFailure? Failure = null)
{
    public static HealthStatus Healthy(string message = "Connection OK.") => new(HealthState.Healthy, message);

    public static HealthStatus Unhealthy(string message, HealthFailure failure = HealthFailure.Transient) =>
        new(HealthState.Unhealthy, message, failure);

    /// <summary>The connector's own failure, classified by its type (its message is the connector's words).</summary>
    public static HealthStatus Failed(ConnectorException e) => Unhealthy(e.Message, e switch
    {
        ConnectorAuthException => HealthFailure.Auth,
        ConnectorConfigurationException => HealthFailure.Configuration,
        _ => HealthFailure.Transient,
    });
}
