using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Auditing;

/// <summary>Reads the tenant's audit log for the audit page (ViewConnectors). User ids are resolved
/// to emails through the Identity users table of the same database.</summary>
public sealed class AuditTrail(IDbContextFactory<ConnectorsDbContext> factory, ActorContext actor)
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Entries matching <paramref name="filter"/>, newest first. <paramref name="pageIndex"/> counts from 0.</summary>
    public async Task<AuditPage> SearchAsync(AuditFilter filter, int pageIndex, int pageSize, CancellationToken ct)
    {
        actor.EnsureCanView();
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        pageSize = Math.Min(pageSize, MaxPageSize);
        await using var db = factory.CreateDbContext();
        var query =
            from a in db.AuditEntries.AsNoTracking()
            join u in db.Users on a.ActorUserId equals u.Id into actors
            from user in actors.DefaultIfEmpty()
            join i in db.Users on a.ImpersonatorUserId equals i.Id into impersonators
            from impersonator in impersonators.DefaultIfEmpty()
            select new Row { Entry = a, Actor = user.Email ?? a.ActorUserId, Impersonator = impersonator.Email ?? a.ImpersonatorUserId };
        query = Apply(query, filter);

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Entry.At).ThenByDescending(r => r.Entry.Id)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .Select(r => new AuditItem(r.Entry.Id, r.Entry.At, r.Actor, r.Impersonator, r.Entry.Action, r.Entry.TargetType, r.Entry.TargetId, r.Entry.Summary))
            .ToListAsync(ct);
        return new AuditPage(rows, total);
    }

    /// <summary>The distinct actions present in the tenant's log, sorted (the action filter's options).</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = factory.CreateDbContext();
        return await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    private static IQueryable<Row> Apply(IQueryable<Row> query, AuditFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(r => r.Entry.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var pattern = TextSearch.ContainsPattern(filter.Actor);
            query = query.Where(r => EF.Functions.Like(r.Actor.ToLower(), pattern, TextSearch.Escape));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = TextSearch.ContainsPattern(filter.Text);
            query = query.Where(r => EF.Functions.Like(r.Entry.Summary.ToLower(), pattern, TextSearch.Escape)
                || (r.Entry.TargetId != null && EF.Functions.Like(r.Entry.TargetId.ToLower(), pattern, TextSearch.Escape))
                || EF.Functions.Like(r.Entry.TargetType.ToLower(), pattern, TextSearch.Escape));
        }

        if (filter.From is { } from)
        {
            query = query.Where(r => r.Entry.At >= from);
        }

        if (filter.Until is { } until)
        {
            query = query.Where(r => r.Entry.At < until);
        }

        return query;
    }

    // Member-initialised (not positional) so EF can translate filters on the projection.
    private sealed class Row
    {
        public required AuditEntry Entry { get; init; }
        public required string Actor { get; init; }
        public string? Impersonator { get; init; }
    }
}
