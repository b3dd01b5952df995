using System.Globalization;
using System.Text;

namespace Connectors.Tests.Sync;

/// <summary>The accounts a benchmark database holds.</summary>
/// <param name="Accounts">All accounts, every status.</param>
/// <param name="Due">Active accounts whose next sync has come and that have no queued or running run.</param>
/// <param name="Tenants">Tenants the accounts are spread over (round robin).</param>
/// <param name="Stopped">Paused, Error and NeedsReconnect accounts whose next sync time has passed (never due).</param>
/// <param name="AlreadyQueued">Active accounts past their next sync that already have a queued Manual run (never queued again).</param>
public sealed record SchedulerTickShape(int Accounts, int Due, int Tenants, int Stopped, int AlreadyQueued)
{
    /// <summary>The rest: Active accounts whose next sync is 1–60 minutes away.</summary>
    public int NotYetDue => Accounts - Due - Stopped - AlreadyQueued;
}

/// <summary>What was seeded: the ids the tick must queue and the ones it must leave alone.</summary>
public sealed record SchedulerTickSeed(
    SchedulerTickShape Shape, DateTime Now, IReadOnlyList<Guid> DueIds, IReadOnlyList<Guid> AlreadyQueuedIds, IReadOnlyList<Guid> TenantIds, TimeSpan SeedTime);

/// <summary>One tick observed statement by statement (untimed), with the query plan of its due query.</summary>
public sealed record SchedulerTickCapture(int Queued, IReadOnlyList<Guid> QueuedIds, int Dispatchable, IReadOnlyList<CapturedCommand> Commands, IReadOnlyList<string> DuePlan)
{
    public CapturedCommand DueQuery => Commands.First(c => c.IsDueQuery);

    public int DueQueries => Commands.Count(c => c.IsDueQuery);

    /// <summary>Statements by kind, e.g. "SELECT … FROM SyncRuns ×2, due query (…) ×11, INSERT ×1000".</summary>
    public string Summary => string.Join(", ", Commands
        .GroupBy(c => c.IsDueQuery ? "due query (SELECT … FROM ConnectorInstallations)"
            : c.IsStillDueCheck ? "still-due check (SELECT … FROM ConnectorInstallations)"
            : c.Verb == "SELECT" ? "SELECT … FROM SyncRuns" : c.Verb)
        .Select(g => $"{g.Key} ×{g.Count()}"));
}

/// <summary>Median times of the timed repetitions.</summary>
public sealed record SchedulerTickFigures(
    SchedulerTickSeed Seed, SchedulerTickCapture Capture, int WalkerDue, int WalkerQueries, IReadOnlyList<string> WalkerPlan,
    IReadOnlyList<TimeSpan> Ticks, IReadOnlyList<TimeSpan> Recovers, IReadOnlyList<TimeSpan> Queues, IReadOnlyList<TimeSpan> Dispatches,
    IReadOnlyList<TimeSpan> Walks)
{
    public TimeSpan Tick => Median(Ticks);

    public TimeSpan Walker => Median(Walks);

    /// <summary>Tick time as a fraction of the walker's (target ≤ 0.05).</summary>
    public double Ratio => Tick.TotalSeconds / Walker.TotalSeconds;

    public static TimeSpan Median(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public override string ToString()
    {
        var shape = Seed.Shape;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{shape.Accounts:N0} accounts in {shape.Tenants} tenants ({shape.Due:N0} due, {shape.AlreadyQueued} due with a run already queued, " +
            $"{shape.Stopped:N0} paused/error/needs-reconnect past due, {shape.NotYetDue:N0} not yet due; one finished run each), seeded in {Seed.SeedTime.TotalSeconds:F1} s");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"tick (recover stale + queue due + list dispatchable) median {Ms(Tick)} over {Ticks.Count} runs after {SchedulerTickBenchmark.WarmUps} warm-ups [{string.Join(", ", Ticks.Select(Ms))}]: " +
            $"recover {Ms(Median(Recovers))}, queue due {Ms(Median(Queues))}, dispatchable {Ms(Median(Dispatches))}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"walker (every account in chunks of 100 by primary key, Active and due checked in memory) median {Ms(Walker)} [{string.Join(", ", Walks.Select(Ms))}], {WalkerQueries:N0} queries, found {WalkerDue:N0} due");
        text.AppendLine(CultureInfo.InvariantCulture, $"ratio tick / walker {Ratio:P1} (target ≤ 5 %)");
        text.AppendLine(CultureInfo.InvariantCulture, $"tick queued {Capture.Queued:N0}, listed {Capture.Dispatchable} dispatchable; statements: {Capture.Summary}");
        text.AppendLine("due query as executed:");
        text.AppendLine(Capture.DueQuery.Sql);
        text.AppendLine("EXPLAIN QUERY PLAN:");
        foreach (var line in Capture.DuePlan)
        {
            text.AppendLine(line);
        }

        text.AppendLine("walker's chunk query, EXPLAIN QUERY PLAN:");
        foreach (var line in WalkerPlan)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";
}
