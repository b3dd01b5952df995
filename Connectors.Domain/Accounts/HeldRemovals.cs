using Connectors.Domain.Auditing;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>An account's removals held by the deletion brake: how many, and the run that held them.</summary>
public sealed record HeldRemovalsView(Guid AccountId, int Count, Guid RunId, DateTime HeldAt);

/// <summary>
/// The decision on removals the deletion brake held: <see cref="ApplyAsync"/> removes exactly the held documents,
/// <see cref="KeepAsync"/> keeps them (the held set is dropped; a later run that finds them gone again asks again).
/// Viewers read; super-admins decide; each decision is audited with its count.
/// </summary>
public sealed class HeldRemovals(AccountStore store, ActorContext actor, AuditLog audit)
{
    public async Task<HeldRemovalsView?> GetAsync(Guid accountId, CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        await store.LoadAsync(db, accountId, ct);
        return await ViewAsync(db, accountId, ct);
    }

    /// <summary>Removes the held documents; returns how many went.</summary>
    public Task<int> ApplyAsync(Guid accountId, CancellationToken ct) => DecideAsync(accountId, apply: true, ct);

    /// <summary>Keeps the held documents; returns how many were kept.</summary>
    public Task<int> KeepAsync(Guid accountId, CancellationToken ct) => DecideAsync(accountId, apply: false, ct);

    private async Task<int> DecideAsync(Guid accountId, bool apply, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, accountId, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var held = db.HeldRemovals.Where(h => h.InstallationId == accountId);
        var count = await held.CountAsync(ct);
        if (count == 0)
        {
            throw new NotFoundException($"No removals are held for '{installation.Label}'.");
        }

        if (apply)
        {
            // The held rows go with their documents (cascade).
            await db.Documents.Where(d => d.InstallationId == accountId && held.Any(h => h.DocumentId == d.Id)).ExecuteDeleteAsync(ct);
        }

        await held.ExecuteDeleteAsync(ct);
        audit.Record(db, apply ? "removals.applied" : "removals.kept", "account", accountId.ToString(), apply
            ? $"Applied the held removals of '{installation.Label}': {count} document(s) removed."
            : $"Kept the {count} document(s) a sync of '{installation.Label}' would have removed.");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return count;
    }

    internal static async Task<HeldRemovalsView?> ViewAsync(Data.ConnectorsDbContext db, Guid accountId, CancellationToken ct)
    {
        var held = await db.HeldRemovals.AsNoTracking().Where(h => h.InstallationId == accountId)
            .GroupBy(h => h.InstallationId)
            .Select(g => new { Count = g.Count(), RunId = g.Max(h => h.RunId), HeldAt = g.Max(h => h.HeldAt) })
            .SingleOrDefaultAsync(ct);
        return held is null ? null : new HeldRemovalsView(accountId, held.Count, held.RunId, held.HeldAt);
    }
}
