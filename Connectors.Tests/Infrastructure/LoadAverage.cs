namespace Connectors.Tests.Infrastructure;

/// <summary>The machine's 1-minute load average (Linux), printed beside every benchmark figure: the machine is
/// shared, so figures are read as ratios measured in one run, with the load they were measured under.</summary>
public static class LoadAverage
{
    public static string Read() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
