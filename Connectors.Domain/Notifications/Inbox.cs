using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Notifications;

/// <summary>The signed-in user's in-app notifications in the current tenant: the bell's unread count, the newest
/// entries, mark one or all read. Every admin has one; each sees only their own.</summary>
public sealed class Inbox(IDbContextFactory<ConnectorsDbContext> factory, ActorContext actor, TimeProvider clock)
{
    public async Task<int> UnreadCountAsync(CancellationToken ct)
    {
        var userId = Viewer();
        await using var db = factory.CreateDbContext();
        return await db.InboxNotifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
    }

    public async Task<IReadOnlyList<InboxItem>> ListAsync(int limit, CancellationToken ct)
    {
        var userId = Viewer();
        await using var db = factory.CreateDbContext();
        return await db.InboxNotifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(Math.Clamp(limit, 1, 200))
            .Select(n => new InboxItem(n.Id, n.Kind, n.Title, n.Message, n.AccountId, n.ChannelId, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(ct);
    }

    public async Task MarkReadAsync(Guid id, CancellationToken ct)
    {
        var userId = Viewer();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        await db.InboxNotifications.Where(n => n.Id == id && n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), ct);
    }

    public async Task<int> MarkAllReadAsync(CancellationToken ct)
    {
        var userId = Viewer();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        return await db.InboxNotifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.ReadAt, now), ct);
    }

    private string Viewer()
    {
        actor.EnsureCanView();
        return actor.RequireUserId();
    }
}
