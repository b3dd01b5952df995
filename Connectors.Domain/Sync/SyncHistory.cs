using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Sync;

/// <summary>Reads the sync runs of one account of the current tenant, newest first, a page at a
/// time. Another tenant's account reads as not found.</summary>
public sealed class SyncHistory(IDbContextFactory<ConnectorsDbContext> factory, ActorContext actor)
{
    public const int MaxPageSize = 100;

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
        if (!await db.Installations.AnyAsync(i => i.Id == accountId, ct))
        {
            throw NotFoundException.Account(accountId);
        }

        var runs = db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == accountId);
        var total = await runs.CountAsync(ct);
        var items = await runs
            .OrderByDescending(r => r.QueuedAt).ThenByDescending(r => r.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(r => new SyncRunSummary(r.Id, r.Trigger, r.Kind, r.Status, r.Attempt, r.QueuedAt, r.StartedAt, r.FinishedAt,
                r.Seen, r.Added, r.Updated, r.Removed, r.Failed, r.ErrorCategory, r.ErrorMessage))
            .ToListAsync(ct);
        return new SyncHistoryPage(items, total, page, pageSize);
    }
}
