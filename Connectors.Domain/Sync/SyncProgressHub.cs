namespace Connectors.Domain.Sync;

/// <summary>What a page needs to show a run live: its status, progress and the documents it has
/// written so far. Carries no label, configuration or secret.</summary>
public sealed record SyncLiveUpdate(
    Guid TenantId, Guid AccountId, Guid RunId, SyncRunStatus Status, int? Current, int? Total, int Added, int Updated, DateTime At)
{
    public bool IsActive => Status is SyncRunStatus.Queued or SyncRunStatus.Running;
}

/// <summary>
/// In-process notifications of sync runs (one per node): the runner publishes when a run starts, as it
/// progresses and when it ends; open pages of the same tenant subscribe and update in place. A run on
/// another node is not seen here — pages poll the run row as the fallback.
/// </summary>
public sealed class SyncProgressHub
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    /// <summary>Calls <paramref name="handler"/> for every update of the tenant's runs until disposed.
    /// The handler runs on the publisher's thread and must not block.</summary>
    public IDisposable Subscribe(Guid tenantId, Action<SyncLiveUpdate> handler)
    {
        var subscription = new Subscription(this, tenantId, handler);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    public void Publish(SyncLiveUpdate update)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.TenantId == update.TenantId)
            {
                subscription.Handler(update);
            }
        }
    }

    public int SubscriberCount => Volatile.Read(ref _subscriptions).Length;

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class Subscription(SyncProgressHub hub, Guid tenantId, Action<SyncLiveUpdate> handler) : IDisposable
    {
        public Guid TenantId { get; } = tenantId;
        public Action<SyncLiveUpdate> Handler { get; } = handler;

        public void Dispose() => hub.Remove(this);
    }
}
