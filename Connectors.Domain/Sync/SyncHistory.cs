using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using System.Linq.Expressions;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Sync;

/// <summary>Reads the sync runs of one account of the current tenant: newest first a page at a time
/// (the history table), or the latest finished ones oldest first (the chart). Another tenant's account
/// reads as not found.</summary>
public sealed class SyncHistory(IDbContextFactory<ConnectorsDbContext> factory, ActorContext actor)
{
    public const int MaxPageSize = 100;

    private static readonly Expression<Func<SyncRun, SyncRunSummary>> Summary = r => new SyncRunSummary(
        r.Id, r.Trigger, r.Kind, r.Status, r.Attempt, r.QueuedAt, r.StartedAt, r.FinishedAt,
        r.Seen, r.Added, r.Updated, r.Removed, r.Failed, r.ErrorCategory, r.ErrorMessage);

    /// <summary>The runs of <paramref name="accountId"/> on the zero-based <paramref name="page"/>
    /// of <paramref name="pageSize"/> runs (1–<see cref="MaxPageSize"/>), newest first.</summary>
    /// <exception cref="NotFoundException">The account does not exist in the current tenant.</exception>
    /// <exception cref="ValidationFailedException">The page or page size is out of range.</exception>
    public async Task<SyncHistoryPage> ListAsync(Guid accountId, int page, int pageSize, CancellationToken ct)
    {
        actor.EnsureCanView();
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new ValidationFailedException("pageSize", $"Page size must be between 1 and {MaxPageSize}.");
        }

        if (page < 0 || page > int.MaxValue / pageSize)
        {
            throw new ValidationFailedException("page", "Page is out of range.");
        }

        await using var db = factory.CreateDbContext();
        await EnsureAccountAsync(db, accountId, ct);
        var runs = db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == accountId);
        var total = await runs.CountAsync(ct);
        var items = await runs
            .OrderByDescending(r => r.QueuedAt).ThenByDescending(r => r.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(Summary)
            .ToListAsync(ct);
        return new SyncHistoryPage(items, total, page, pageSize);
    }

    /// <summary>The latest <paramref name="count"/> (1–<see cref="MaxPageSize"/>) finished runs of
    /// <paramref name="accountId"/>, oldest first, so a chart reads left to right. Queued and running
    /// runs are left out: they have no duration or counts yet.</summary>
    /// <exception cref="NotFoundException">The account does not exist in the current tenant.</exception>
    /// <exception cref="ValidationFailedException">The count is out of range.</exception>
    public async Task<IReadOnlyList<SyncRunSummary>> RecentFinishedAsync(Guid accountId, int count, CancellationToken ct)
    {
        actor.EnsureCanView();
        if (count is < 1 or > MaxPageSize)
        {
            throw new ValidationFailedException("count", $"Count must be between 1 and {MaxPageSize}.");
        }

        await using var db = factory.CreateDbContext();
        await EnsureAccountAsync(db, accountId, ct);
        var newestFirst = await db.SyncRuns.AsNoTracking()
            .Where(r => r.InstallationId == accountId && r.FinishedAt != null)
            .OrderByDescending(r => r.QueuedAt).ThenByDescending(r => r.Id)
            .Take(count)
            .Select(Summary)
            .ToListAsync(ct);
        newestFirst.Reverse();
        return newestFirst;
    }

    private static async Task EnsureAccountAsync(ConnectorsDbContext db, Guid accountId, CancellationToken ct)
    {
        if (!await db.Installations.AnyAsync(i => i.Id == accountId, ct))
        {
            throw NotFoundException.Account(accountId);
        }
    }

    /// <summary>The tenant's queued and running runs as live updates (progress as last flushed), by account —
    /// what a page polls when the run is on another node and no in-process update reaches it.</summary>
    public async Task<IReadOnlyDictionary<Guid, SyncLiveUpdate>> ActiveAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = factory.CreateDbContext();
        var runs = await db.SyncRuns.AsNoTracking()
            .Where(r => r.Status == SyncRunStatus.Queued || r.Status == SyncRunStatus.Running)
            .Select(r => new SyncLiveUpdate(r.TenantId, r.InstallationId, r.Id, r.Status, r.ProgressCurrent, r.ProgressTotal,
                r.Added, r.Updated, r.HeartbeatAt ?? r.QueuedAt))
            .ToListAsync(ct);
        return runs.ToDictionary(r => r.AccountId);
    }
}
