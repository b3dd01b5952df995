using System.Collections.Concurrent;

namespace Connectors.Domain.OAuth;

/// <summary>One lock per account, so concurrent syncs of one account refresh its token once.
/// Process-wide; across nodes the refresh is idempotent at the provider.</summary>
public sealed class TokenRefreshLocks
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(Guid accountId, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(accountId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
