using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Sync;

public sealed partial class SyncRunner
{
    /// <summary>Writes progress and the heartbeat to the run row (its own context, one UPDATE) and
    /// publishes it, when something changed — at most once per <see cref="ProgressInterval"/>.</summary>
    private async Task<int> FlushAsync(SyncRun run, RunReporter reporter, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (added, updated) = reporter.Written;
        int? current = reporter.Current, total = reporter.Total;
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
            Publish(run, reporter);
        }

        return written;
    }

    /// <summary>Collects the connector's progress reports and the documents it writes, and flushes them
    /// (with the heartbeat) once a second while the run goes on.</summary>
    private sealed class RunReporter(SyncRunner runner, SyncRun run, CancellationTokenSource takenOver) : IProgress<SyncProgress>
    {
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
            var lastWrite = runner.Clock.GetUtcNow();
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(ProgressInterval, runner.Clock, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var version = Volatile.Read(ref _version);
                if (version == flushed && runner.Clock.GetUtcNow() - lastWrite < runner.HeartbeatInterval)
                {
                    continue;
                }

                try
                {
                    if (await runner.FlushAsync(run, this, ct) == 0)
                    {
                        // The row is no longer Running: another node recovered it. Stop the connector.
                        Volatile.Write(ref _takenOver, true);
                        await takenOver.CancelAsync();
                        return;
                    }

                    flushed = version;
                    lastWrite = runner.Clock.GetUtcNow();
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Progress is best effort: the run goes on, the next flush tries again.
                    runner.LogFlushFailed(e, run.Id);
                }
            }
        }

        private sealed class CountingSink(IDocumentSink inner, RunReporter reporter) : IDocumentSink
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
        }
    }
}
