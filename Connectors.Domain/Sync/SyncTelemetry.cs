using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Connectors.Domain.Sync;

/// <summary>
/// The sync engine's metrics (meter <c>Connectors</c>) and traces (activity source <c>Connectors</c>):
/// runs by connector and outcome, run duration, documents ingested, and the due backlog the last tick saw.
/// Exported by whatever listener the host adds (OpenTelemetry, dotnet-counters); nothing here
/// carries an account's label, configuration or secret — only ids, the connector key and the outcome.
/// </summary>
public sealed class SyncTelemetry
{
    public const string Name = "Connectors";

    /// <summary>Spans: <c>sync.tick</c> for each scheduler tick, <c>sync.run</c> for each run.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _documents;
    private long _dueBacklog;

    public SyncTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _runs = meter.CreateCounter<long>("connectors.sync.runs", "{run}", "Finished sync runs by connector and outcome.");
        _duration = meter.CreateHistogram<double>("connectors.sync.duration", "s", "Duration of a sync run, start to finish.");
        _documents = meter.CreateCounter<long>("connectors.documents.ingested", "{document}", "Documents added or updated by syncs.");
        meter.CreateObservableGauge("connectors.sync.due_backlog", () => Interlocked.Read(ref _dueBacklog), "{account}",
            "Accounts that were due or queued and not yet running at the last scheduler tick.");
    }

    public void RunFinished(string connectorKey, SyncRunStatus outcome, TimeSpan duration, int documentsIngested)
    {
        var tags = new TagList { { "connector", connectorKey }, { "outcome", Outcome(outcome) } };
        _runs.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
        if (documentsIngested > 0)
        {
            _documents.Add(documentsIngested, new KeyValuePair<string, object?>("connector", connectorKey));
        }
    }

    public void DueBacklog(long accounts) => Interlocked.Exchange(ref _dueBacklog, accounts);

    public static string Outcome(SyncRunStatus status) => status switch
    {
        SyncRunStatus.Succeeded => "succeeded",
        SyncRunStatus.PartiallySucceeded => "partially_succeeded",
        SyncRunStatus.Failed => "failed",
        SyncRunStatus.Cancelled => "cancelled",
        _ => status.ToString().ToLowerInvariant(),
    };
}
