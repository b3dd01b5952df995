namespace Connectors.Tests.Infrastructure;

/// <summary>The machine's load average (Linux), printed beside every benchmark figure: the machine is shared, so
/// figures are read as ratios measured in one run, with the load they were measured under.</summary>
public static class LoadAverage
{
    /// <summary>The 1-minute load average, or "unknown" off Linux.</summary>
    public static string Read() => Figures() is { } all ? all[0] : "unknown";

    /// <summary>The 1-, 5- and 15-minute load averages ("2.14 1.80 1.20"), or null off Linux.</summary>
    public static string? ReadAll() => Figures() is { } all ? string.Join(' ', all.Take(3)) : null;

    private static string[]? Figures() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ') : null;
}
