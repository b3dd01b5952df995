namespace Connectors.Domain.Sync;

/// <summary>
/// How a node shows that its runs are alive, and when another node may take them over (section
/// <c>Connectors:Sync</c>). A running sync writes its heartbeat every <see cref="HeartbeatSeconds"/>
/// even without progress; a Running run whose heartbeat is older than <see cref="StaleAfterSeconds"/>
/// is treated as orphaned (its node died) and recovered by whichever node checks first. Nodes check every
/// <see cref="CheckInterval"/> (half a heartbeat), so with the defaults a dead node's run is recovered
/// within 45 s of its last heartbeat.
/// </summary>
public sealed class SyncLivenessOptions
{
    public const string Section = "Connectors:Sync";

    /// <summary>How often a running sync writes its heartbeat (and how often nodes look for orphans).</summary>
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>A Running run whose heartbeat is older than this is recovered. At least three heartbeats,
    /// so a node that misses one or two writes under load does not lose its run.</summary>
    public int StaleAfterSeconds { get; set; } = 40;

    /// <summary>This node's name in run rows and logs; the machine name when not set. Names need not be
    /// unique: each process start adds its own suffix (see <see cref="SyncNode"/>).</summary>
    public string? NodeName { get; set; }

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);

    public TimeSpan StaleAfter => TimeSpan.FromSeconds(StaleAfterSeconds);

    /// <summary>How often a node looks for orphaned runs: half a heartbeat, at least a second.</summary>
    public TimeSpan CheckInterval => TimeSpan.FromSeconds(Math.Max(1, HeartbeatSeconds / 2.0));

    public bool IsValid => HeartbeatSeconds is >= 1 and <= 300 && StaleAfterSeconds >= 3 * HeartbeatSeconds;
}
