using System.Globalization;
using Connectors.Domain.Accounts;
using Connectors.Domain.Sync;

namespace Connectors.Web.Components.Accounts;

/// <summary>A run's outcome in plain words for a table cell: "Succeeded · 12 added, 3 updated · 41 s".</summary>
public static class AccountOutcomes
{
    public static string Describe(LastRunSummary? run)
    {
        if (run is null)
        {
            return "Not synced yet";
        }

        var parts = new List<string> { StatusText(run.Status) };
        if (run.Status is not (SyncRunStatus.Queued or SyncRunStatus.Running))
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{run.Added:N0} added, {run.Updated:N0} updated"));
        }

        if (run.Duration is { } duration)
        {
            parts.Add(Duration(duration));
        }

        return string.Join(" · ", parts);
    }

    public static string StatusText(SyncRunStatus status) => status switch
    {
        SyncRunStatus.PartiallySucceeded => "Partly succeeded",
        SyncRunStatus.Held => "Removals held",
        _ => status.ToString(),
    };

    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => "under 1 s",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h {duration.Minutes} min"),
    };
}
