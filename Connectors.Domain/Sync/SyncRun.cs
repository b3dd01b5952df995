using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Sync;

public enum SyncTrigger { Schedule, Manual, Install, Retry }

public enum SyncKind { Full, Incremental }

/// <summary>A run's state. <see cref="Held"/>: it succeeded, but the deletion brake held its removals for a decision.</summary>
public enum SyncRunStatus { Queued, Running, Succeeded, PartiallySucceeded, Failed, Cancelled, Held }

public enum SyncErrorCategory { Auth, Transient, RateLimited, Configuration, Partial, Unexpected }

/// <summary>One attempt to sync one account. At most one Queued/Running run per account
/// (a filtered unique index, so it holds across nodes).</summary>
public sealed class SyncRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstallationId { get; set; }
    public SyncTrigger Trigger { get; set; }
    public SyncKind Kind { get; set; }
    public SyncRunStatus Status { get; set; }
    public int Attempt { get; set; } = 1;
    public DateTime QueuedAt { get; set; }
    /// <summary>Not dispatched before this time (retry backoff).</summary>
    public DateTime? NotBefore { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? HeartbeatAt { get; set; }
    /// <summary>The node (<see cref="SyncNode.Id"/>) that claimed the run: which process was running it.</summary>
    public string? NodeId { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Seen { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Removed { get; set; }

    /// <summary>Removals the deletion brake held (the run's status is then <see cref="SyncRunStatus.Held"/>).</summary>
    public int Held { get; set; }
    public int Failed { get; set; }
    public int? ProgressCurrent { get; set; }
    public int? ProgressTotal { get; set; }
    public SyncErrorCategory? ErrorCategory { get; set; }
    public string? ErrorMessage { get; set; }
}
