using Connectors.Domain.Sync;

namespace Connectors.Web.Components.Accounts;

/// <summary>
/// The queued and running syncs of the tenant, live, for one page: in-process updates from the
/// <see cref="SyncProgressHub"/> as they happen, and — for runs on another node, which no in-process
/// update reaches — a poll of the run rows every <see cref="PollInterval"/> while any run is active.
/// <c>changed</c> re-renders; <c>finished</c> runs when a run ends, so the page reloads its figures.
/// Both are called through the component's dispatcher.
/// A run's end is final: every in-process end reaches <c>finished</c> — also for a run this feed had not
/// seen yet (it ended while the page was loading, so what the page loaded may show it running) — and a
/// database read that started before the end (a refresh, a poll) cannot bring the run back. Pages refresh
/// the feed before they load their figures, so any staleness is the feed's, which the poll corrects.
/// </summary>
public sealed class LiveSyncFeed : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly SyncHistory _history;
    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<Task> _changed;
    private readonly Func<Task> _finished;
    private readonly IDisposable _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Dictionary<Guid, SyncLiveUpdate> _active = [];
    private readonly HashSet<Guid> _ended = [];
    private readonly Queue<Guid> _endedOrder = new();
    private Task? _polling;

    /// <summary>How many ended runs are remembered (to keep stale reads from reviving them).</summary>
    private const int EndedMemory = 256;

    public LiveSyncFeed(SyncProgressHub hub, SyncHistory history, Guid tenantId,
        Func<Func<Task>, Task> dispatch, Func<Task> changed, Func<Task> finished)
    {
        (_history, _dispatch, _changed, _finished) = (history, dispatch, changed, finished);
        _subscription = hub.Subscribe(tenantId, OnUpdate);
    }

    public SyncLiveUpdate? For(Guid accountId)
    {
        lock (_gate)
        {
            return _active.GetValueOrDefault(accountId);
        }
    }

    /// <summary>Reads the active runs from the database (on load and after an action).</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var active = await _history.ActiveAsync(ct);
        lock (_gate)
        {
            _active = active.Where(p => !_ended.Contains(p.Value.RunId)).ToDictionary(p => p.Key, p => p.Value);
            if (_active.Count > 0 && _polling is null or { IsCompleted: true })
            {
                _polling = PollAsync(_stop.Token);
            }
        }
    }

    private void OnUpdate(SyncLiveUpdate update)
    {
        bool ended;
        lock (_gate)
        {
            ended = !update.IsActive;
            if (ended)
            {
                // Whether or not this feed knew the run: what the page loaded may predate its end.
                Remember(update.RunId);
                if (_active.TryGetValue(update.AccountId, out var shown) && shown.RunId == update.RunId)
                {
                    _active.Remove(update.AccountId);
                }
            }
            else if (_ended.Contains(update.RunId))
            {
                return; // A late progress flush of a run that has ended.
            }
            else
            {
                _active[update.AccountId] = update;
                if (_polling is null or { IsCompleted: true })
                {
                    _polling = PollAsync(_stop.Token);
                }
            }
        }

        _ = _dispatch(ended ? _finished : _changed);
    }

    private void Remember(Guid runId)
    {
        if (_ended.Add(runId))
        {
            _endedOrder.Enqueue(runId);
            if (_endedOrder.Count > EndedMemory)
            {
                _ended.Remove(_endedOrder.Dequeue());
            }
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                IReadOnlyDictionary<Guid, SyncLiveUpdate> now;
                try
                {
                    now = await _history.ActiveAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    continue; // The next poll tries again; the page keeps what it shows.
                }

                bool ended;
                lock (_gate)
                {
                    ended = _active.Keys.Any(id => !now.ContainsKey(id));
                    // A fresher in-process update wins over the row's last flush; an ended run stays ended.
                    _active = now.Where(p => !_ended.Contains(p.Value.RunId)).ToDictionary(p => p.Key, p => _active.TryGetValue(p.Key, out var mine) && mine.RunId == p.Value.RunId && mine.At > p.Value.At ? mine : p.Value);
                    if (_active.Count == 0)
                    {
                        _polling = null;
                    }
                }

                try
                {
                    await _dispatch(ended ? _finished : _changed);
                }
                catch (ObjectDisposedException)
                {
                    return; // The page went away.
                }

                if (_active.Count == 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await _stop.CancelAsync();
        if (_polling is { } polling)
        {
            try
            {
                await polling.ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The circuit's services went first.
            }
        }

        _stop.Dispose();
    }
}
