using Connectors.Domain.Installations;

namespace Connectors.Domain.Documents;

/// <summary>
/// One sync's writer for one account. Upserts are written as they come. Removals are collected — a document removed and
/// then seen again in the same run is not removed — and applied or held only when the run has finished
/// (<see cref="CommitRemovalsAsync"/>): a run that fails removes nothing, and one that would remove too much is held by
/// the <see cref="DeletionBrake"/>.
/// A first sync (the account had no documents when the sink first wrote) skips the lookup for stored documents while
/// every batch is new to it: it remembers the ids it wrote, and a batch that repeats one (the same message in two
/// folders) — or that the unique index refuses — goes through the usual lookup and compare.
/// </summary>
public sealed class DocumentSink : IDocumentSink
{
    private readonly DocumentStore _store;
    private readonly ConnectorAccount _account;
    private bool? _startedEmpty;
    private bool? _hasHeld;

    /// <summary>The removals collected so far: external id → stored document id.</summary>
    private readonly Dictionary<string, Guid> _pending = new(StringComparer.Ordinal);

    /// <summary>The ids written, as 64-bit keys (two string hashes): a few MB for 200,000 documents. Two ids
    /// sharing a key only send a batch through the lookup.</summary>
    private readonly HashSet<long> _written = [];

    internal DocumentSink(DocumentStore store, ConnectorAccount account)
    {
        _store = store;
        _account = account;
    }

    /// <summary>How many removals the run has collected.</summary>
    public int PendingRemovals => _pending.Count;

    public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<DocumentInput> documents, CancellationToken ct)
    {
        if (documents.Count == 0)
        {
            return new UpsertCounts(0, 0, 0);
        }

        var latest = DocumentStore.Latest(documents);
        if (_pending.Count > 0)
        {
            latest.ForEach(d => _pending.Remove(d.ExternalId));
        }

        _startedEmpty ??= !await _store.HasDocumentsAsync(_account, ct);
        if (_startedEmpty == true && !latest.Exists(d => _written.Contains(Key(d.ExternalId)))
            && await _store.TryInsertNewAsync(_account, latest, ct) is { } inserted)
        {
            _written.UnionWith(latest.Select(d => Key(d.ExternalId)));
            return inserted;
        }

        var counts = await _store.UpsertLatestAsync(_account, latest, ct);
        if (_startedEmpty == true)
        {
            _written.UnionWith(latest.Select(d => Key(d.ExternalId)));
        }

        _hasHeld ??= await _store.HasHeldAsync(_account.Id, ct);
        if (_hasHeld == true)
        {
            await _store.ReleaseHeldAsync(_account.Id, [.. latest.Select(d => d.ExternalId)], ct);
        }

        return counts;
    }

    private static long Key(string externalId) =>
        ((long)externalId.GetHashCode(StringComparison.Ordinal) << 32) | (uint)externalId.GetHashCode(StringComparison.OrdinalIgnoreCase);

    /// <summary>Collects the account's stored documents with these ids for removal; returns how many were new to the set.</summary>
    public async Task<int> RemoveAsync(IReadOnlyCollection<string> externalIds, CancellationToken ct) =>
        externalIds.Count == 0 ? 0 : Collect(await _store.FindAsync(_account, externalIds, ct));

    /// <summary>Collects the account's stored documents not in <paramref name="present"/> for removal. A held removal of a
    /// document the listing found present is released, even when the connector did not read it again (unchanged).</summary>
    public async Task<int> RemoveAllExceptAsync(IReadOnlySet<string> present, CancellationToken ct)
    {
        var gone = await _store.GoneAsync(_account, present, ct);
        _hasHeld ??= await _store.HasHeldAsync(_account.Id, ct);
        if (_hasHeld == true)
        {
            await _store.ReleaseHeldExceptAsync(_account.Id, gone.Select(g => g.Id).ToHashSet(), ct);
        }

        return Collect(gone);
    }

    public Task<IReadOnlyList<StoredSource>> StoredUnderAsync(string sourceUrlPrefix, CancellationToken ct) =>
        _store.StoredUnderAsync(_account, sourceUrlPrefix, ct);

    public Task<IReadOnlySet<string>> StoredIdsAsync(CancellationToken ct) => _store.StoredIdsAsync(_account, ct);

    public Task<IReadOnlyDictionary<string, DateTime?>> StoredVersionsAsync(CancellationToken ct) => _store.StoredVersionsAsync(_account, ct);

    private int Collect(List<(string ExternalId, Guid Id)> documents) => documents.Count(d => _pending.TryAdd(d.ExternalId, d.Id));

    /// <summary>
    /// After a (partly) successful run: removes what it collected, unless the deletion brake holds it — more than
    /// <paramref name="floor"/> removals and more than <paramref name="share"/> of the account's documents — then nothing is
    /// removed and the set waits for a decision (replacing an earlier held set).
    /// </summary>
    public async Task<RemovalOutcome> CommitRemovalsAsync(Guid runId, double share, int floor, CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return RemovalOutcome.None;
        }

        var documents = await _store.CountAsync(_account.Id, ct);
        var ids = _pending.Values.ToList();
        _pending.Clear();
        if (DeletionBrake.Holds(ids.Count, documents, share, floor))
        {
            await _store.HoldAsync(_account, runId, ids, ct);
            return new RemovalOutcome(0, ids.Count, documents);
        }

        return new RemovalOutcome(await _store.DeleteAsync(_account.Id, ids, ct), 0, documents);
    }
}
