using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Sync;

/// <summary>Collects a run's progress reports and the documents its connector writes, and flushes them (with
/// the heartbeat) to the run row and the hub once a second while the run goes on — or every heartbeat interval
/// without news, so a long silent step is not mistaken for a dead node. A flush that finds the row no longer
/// Running means another node recovered the run: the connector is stopped.</summary>
public sealed partial class RunProgress(
    SyncRun run,
    CancellationTokenSource takenOver,
    IDbContextFactory<ConnectorsDbContext> factory,
    SyncProgressHub hub,
    TimeProvider clock,
    TimeSpan heartbeat,
    ILogger logger) : IProgress<SyncProgress>
{
    /// <summary>Progress reaches the run row and the hub at most this often.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private int _current = -1;
    private int _total = -1;
    private int _added;
    private int _updated;
    private int _version;
    private bool _takenOver;

    /// <summary>True once a heartbeat found the run recovered by another node.</summary>
    public bool TakenOver => Volatile.Read(ref _takenOver);

    public int? Current => Volatile.Read(ref _current) is var c and >= 0 ? c : null;
    public int? Total => Volatile.Read(ref _total) is var t and >= 0 ? t : null;
    public (int Added, int Updated) Written => (Volatile.Read(ref _added), Volatile.Read(ref _updated));

    public void Report(SyncProgress value)
    {
        Volatile.Write(ref _current, value.Current);
        Volatile.Write(ref _total, value.Total ?? -1);
        Interlocked.Increment(ref _version);
    }

    public IDocumentSink Count(IDocumentSink inner) => new CountingSink(inner, this);

    public void Complete(SyncRun finished)
    {
        if (Current is { } current)
        {
            finished.ProgressCurrent = Total is { } total ? total : current;
            finished.ProgressTotal = Total;
        }
    }

    public async Task PumpAsync(CancellationToken ct)
    {
        var flushed = 0;
        var lastWrite = clock.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var version = Volatile.Read(ref _version);
            if (version == flushed && clock.GetUtcNow() - lastWrite < heartbeat)
            {
                continue;
            }

            try
            {
                if (await FlushAsync(ct) == 0)
                {
                    // The row is no longer Running: another node recovered it. Stop the connector.
                    Volatile.Write(ref _takenOver, true);
                    await takenOver.CancelAsync();
                    return;
                }

                flushed = version;
                lastWrite = clock.GetUtcNow();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                // Progress is best effort: the run goes on, the next flush tries again.
                LogFlushFailed(logger, e, run.Id);
            }
        }
    }

    /// <summary>Sends the run's state to the in-process hub (live rows on the pages), with this reporter's
    /// figures while the run goes on.</summary>
    public void Publish() => Publish(hub, clock, run, this);

    /// <summary>Sends a run's state to the hub: <paramref name="progress"/>'s figures when it has any, else the row's.</summary>
    public static void Publish(SyncProgressHub hub, TimeProvider clock, SyncRun run, RunProgress? progress)
    {
        var (added, updated) = progress?.Written ?? (run.Added, run.Updated);
        hub.Publish(new SyncLiveUpdate(run.TenantId, run.InstallationId, run.Id, run.Status,
            progress?.Current ?? run.ProgressCurrent, progress?.Total ?? run.ProgressTotal, added, updated, clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>Writes progress and the heartbeat to the run row (its own context, one UPDATE) and
    /// publishes it. Zero when the row is no longer Running (another node recovered it).</summary>
    private async Task<int> FlushAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (added, updated) = Written;
        int? current = Current, total = Total;
        await using var db = factory.CreateDbContext();
        var written = await db.SyncRuns.Where(r => r.Id == run.Id && r.Status == SyncRunStatus.Running)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.ProgressCurrent, current)
                .SetProperty(r => r.ProgressTotal, total)
                .SetProperty(r => r.Added, added)
                .SetProperty(r => r.Updated, updated), ct);
        if (written > 0)
        {
            Publish();
        }

        return written;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the progress of run {RunId}.")]
    private static partial void LogFlushFailed(ILogger logger, Exception e, Guid runId);

    private sealed class CountingSink(IDocumentSink inner, RunProgress reporter) : IDocumentSink
    {
        public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<DocumentInput> documents, CancellationToken ct)
        {
            var counts = await inner.UpsertAsync(documents, ct);
            Interlocked.Add(ref reporter._added, counts.Added);
            Interlocked.Add(ref reporter._updated, counts.Updated);
            Interlocked.Increment(ref reporter._version);
            return counts;
        }

        public Task<int> RemoveAsync(IReadOnlyCollection<string> externalIds, CancellationToken ct) =>
            inner.RemoveAsync(externalIds, ct);

        public Task<int> RemoveAllExceptAsync(IReadOnlySet<string> present, CancellationToken ct) =>
            inner.RemoveAllExceptAsync(present, ct);

        public Task<IReadOnlyList<StoredSource>> StoredUnderAsync(string sourceUrlPrefix, CancellationToken ct) =>
            inner.StoredUnderAsync(sourceUrlPrefix, ct);

        public Task<IReadOnlySet<string>> StoredIdsAsync(CancellationToken ct) => inner.StoredIdsAsync(ct);

        public Task<IReadOnlyDictionary<string, DateTime?>> StoredVersionsAsync(CancellationToken ct) => inner.StoredVersionsAsync(ct);
    }
}
