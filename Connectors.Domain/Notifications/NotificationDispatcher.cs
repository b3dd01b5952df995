using Connectors.Domain.Data;
using Connectors.Domain.Events;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Notifications;

/// <summary>
/// Turns pending account events into notifications: de-duplicates them (at most one per account and event kind
/// in <c>Connectors:Notifications:DedupMinutes</c>, unless a recovery closed the problem in between; a recovery
/// is sent only when it closes a problem that was notified), then puts each notified event in the inbox of every
/// admin of the tenant and queues a delivery to each enabled channel of each matching rule. Each event is taken
/// with one conditional update in the transaction that writes its deliveries, so of several nodes one handles it.
/// </summary>
public sealed partial class NotificationDispatcher(
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantContext tenant,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock,
    ILogger<NotificationDispatcher> logger)
{
    public const int BatchSize = 100;

    /// <summary>Handles the pending events, oldest first; returns how many were notified (not suppressed).</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        List<(Guid Id, Guid TenantId)> pending;
        await using (var db = factory.CreateDbContext())
        using (tenant.BeginCrossTenantScan())
        {
            pending = [.. (await db.AccountEvents.AsNoTracking()
                .Where(e => e.State == AccountEventState.Pending)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
                .Select(e => new { e.Id, e.TenantId })
                .Take(BatchSize).ToListAsync(ct)).Select(e => (e.Id, e.TenantId))];
        }

        var notified = 0;
        foreach (var (id, tenantId) in pending)
        {
            using var _ = tenant.Enter(tenantId);
            if (await DispatchOneAsync(id, ct))
            {
                notified++;
            }
        }

        return notified;
    }

    private async Task<bool> DispatchOneAsync(Guid eventId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var e = await db.AccountEvents.AsNoTracking().SingleOrDefaultAsync(x => x.Id == eventId && x.State == AccountEventState.Pending, ct);
        if (e is null)
        {
            return false;
        }

        var notify = await ShouldNotifyAsync(db, e, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var taken = await db.AccountEvents.Where(x => x.Id == e.Id && x.State == AccountEventState.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(x => x.State, notify ? AccountEventState.Notified : AccountEventState.Suppressed)
                .SetProperty(x => x.ProcessedAt, now), ct);
        if (taken == 0)
        {
            return false; // Another node handled it.
        }

        if (notify)
        {
            await FanOutAsync(db, e, now, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        if (notify)
        {
            LogNotified(e.Kind, e.InstallationId);
        }
        else
        {
            LogSuppressed(e.Kind, e.InstallationId);
        }

        return notify;
    }

    /// <summary>The de-duplication rule (see the class summary), read from the events already handled.</summary>
    private async Task<bool> ShouldNotifyAsync(ConnectorsDbContext db, AccountEvent e, CancellationToken ct)
    {
        if (e.InstallationId is not { } accountId)
        {
            return true;
        }

        var notified = db.AccountEvents.AsNoTracking()
            .Where(x => x.InstallationId == accountId && x.State == AccountEventState.Notified && x.OccurredAt <= e.OccurredAt);
        var closes = AccountEventKinds.Closes(e.Kind);
        if (closes.Count > 0)
        {
            var lastProblem = await notified.Where(x => closes.Contains(x.Kind)).MaxAsync(x => (DateTime?)x.OccurredAt, ct);
            var lastClose = await notified.Where(x => x.Kind == e.Kind).MaxAsync(x => (DateTime?)x.OccurredAt, ct);
            return lastProblem is not null && (lastClose is null || lastClose < lastProblem);
        }

        var lastSame = await notified.Where(x => x.Kind == e.Kind).MaxAsync(x => (DateTime?)x.OccurredAt, ct);
        if (lastSame is null)
        {
            return true;
        }

        var closer = AccountEventKinds.All.FirstOrDefault(k => AccountEventKinds.Closes(k).Contains(e.Kind));
        var lastClosed = closer is null ? null : await notified.Where(x => x.Kind == closer).MaxAsync(x => (DateTime?)x.OccurredAt, ct);
        var window = TimeSpan.FromMinutes(Math.Max(0, options.Value.Notifications.DedupMinutes));
        return e.OccurredAt - lastSame.Value >= window || (lastClosed is not null && lastClosed >= lastSame);
    }

    /// <summary>The inbox of every admin of the tenant, and a delivery per enabled channel of each matching rule.</summary>
    private async Task FanOutAsync(ConnectorsDbContext db, AccountEvent e, DateTime now, CancellationToken ct)
    {
        var admins = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == e.TenantId && (m.Role == TenantRole.Admin || m.Role == TenantRole.SuperAdmin))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);
        foreach (var userId in admins)
        {
            db.InboxNotifications.Add(new InboxNotification
            {
                TenantId = e.TenantId,
                UserId = userId,
                EventId = e.Id,
                Kind = e.Kind,
                Title = InboxTitle(e),
                Message = e.Message,
                AccountId = e.InstallationId,
                CreatedAt = now,
            });
        }

        var rules = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(ct);
        var channelIds = rules.Where(r => r.Matches(e.Kind, e.ConnectorKey, e.ProjectKey))
            .SelectMany(r => r.ChannelIdList).Distinct().ToList();
        if (channelIds.Count == 0)
        {
            return;
        }

        var enabled = await db.NotificationChannels.AsNoTracking()
            .Where(c => channelIds.Contains(c.Id) && c.Enabled).Select(c => c.Id).ToListAsync(ct);
        foreach (var channelId in enabled)
        {
            db.NotificationDeliveries.Add(new NotificationDelivery
            {
                TenantId = e.TenantId,
                EventId = e.Id,
                ChannelId = channelId,
                EventKind = e.Kind,
                Status = DeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
    }

    internal static string InboxTitle(AccountEvent e)
    {
        var title = e.AccountLabel is null
            ? AccountEventKinds.Title(e.Kind)
            : $"{AccountEventKinds.Title(e.Kind)}: {e.AccountLabel} ({e.ConnectorKey})";
        return title.Length > InboxNotification.TitleMaxLength ? title[..InboxNotification.TitleMaxLength] : title;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notified {Kind} for account {AccountId}.")]
    private partial void LogNotified(string kind, Guid? accountId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Suppressed {Kind} for account {AccountId} (de-duplicated, or nothing to close).")]
    private partial void LogSuppressed(string kind, Guid? accountId);
}
