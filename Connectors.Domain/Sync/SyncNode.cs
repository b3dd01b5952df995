using Microsoft.Extensions.Options;

namespace Connectors.Domain.Sync;

/// <summary>
/// This process's identity as a sync node: the configured node name (or the machine name) and a
/// suffix drawn at process start, so a restarted process — or a second process on the same machine —
/// is a different node. A run records the node that claimed it (<see cref="SyncRun.NodeId"/>), which
/// the recovery message and the logs name; ownership itself is decided by the heartbeat alone.
/// </summary>
public sealed class SyncNode(IOptions<SyncLivenessOptions> options)
{
    /// <summary>At most this long, to fit the run row's column.</summary>
    public const int MaxIdLength = 100;

    public string Id { get; } = Create(options.Value.NodeName);

    private static string Create(string? configured)
    {
        var name = string.IsNullOrWhiteSpace(configured) ? Environment.MachineName : configured.Trim();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var maxName = MaxIdLength - suffix.Length - 1;
        return $"{(name.Length > maxName ? name[..maxName] : name)}/{suffix}";
    }
}
