using System.Diagnostics;
using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Events;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Notifications;

/// <summary>
/// Sends due deliveries: each is leased with one conditional update (so one node sends it), attempted through its
/// channel, and its attempt logged with the status code and duration. A failed attempt is retried after
/// <c>Connectors:Notifications:RetryDelaysSeconds</c> (10 s, 1 min, 5 min, 30 min), up to
/// <see cref="NotificationDelivery.MaxAttempts"/> attempts; when a delivery fails its last attempt and the channel
/// has failed every attempt since its last success, the channel is disabled, its waiting deliveries are cancelled,
/// and the tenant's admins are told in their inbox (and the audit log).
/// </summary>
public sealed partial class DeliveryWorker(
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantContext tenant,
    CredentialVault vault,
    EmailSender email,
    WebhookSender webhooks,
    AuditLog audit,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock,
    ILogger<DeliveryWorker> logger)
{
    public const int BatchSize = 50;
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    /// <summary>Attempts every due delivery once; returns how many attempts were made.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(Guid Id, Guid TenantId)> due;
        await using (var db = factory.CreateDbContext())
        using (tenant.BeginCrossTenantScan())
        {
            due = [.. (await db.NotificationDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
                .OrderBy(d => d.NextAttemptAt)
                .Select(d => new { d.Id, d.TenantId })
                .Take(BatchSize).ToListAsync(ct)).Select(d => (d.Id, d.TenantId))];
        }

        var attempts = 0;
        foreach (var (id, tenantId) in due)
        {
            using var _ = tenant.Enter(tenantId);
            if (await AttemptAsync(id, ct) is not null)
            {
                attempts++;
            }
        }

        return attempts;
    }

    /// <summary>Leases and attempts one pending delivery now (the "Send test event" button uses it directly).
    /// Null when it was not pending or another node holds it.</summary>
    public async Task<DeliveryAttempt?> AttemptAsync(Guid deliveryId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var leased = await db.NotificationDeliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeaseUntil, now + LeaseTime), ct);
        if (leased == 0)
        {
            return null;
        }

        var delivery = await db.NotificationDeliveries.SingleAsync(d => d.Id == deliveryId, ct);
        var channel = await db.NotificationChannels.SingleOrDefaultAsync(c => c.Id == delivery.ChannelId, ct);
        var e = await db.AccountEvents.AsNoTracking().SingleAsync(x => x.Id == delivery.EventId, ct);
        if (channel is not { Enabled: true })
        {
            delivery.Status = DeliveryStatus.Cancelled;
            delivery.LastOutcome = "Not sent: the channel is disabled.";
            delivery.FinishedAt = now;
            delivery.LeaseUntil = null;
            await db.SaveChangesAsync(ct);
            return null;
        }

        var t = await db.Tenants.AsNoTracking().Where(x => x.Id == delivery.TenantId).Select(x => new { x.Slug, x.Name }).SingleAsync(ct);
        var content = NotificationContent.From(e, t.Slug, t.Name, options.Value.PublicBaseUrl);
        var watch = Stopwatch.StartNew();
        var result = await SendAsync(channel, delivery, content, ct);
        var duration = (int)watch.ElapsedMilliseconds;
        now = clock.GetUtcNow().UtcDateTime;

        delivery.Attempts++;
        var attempt = new DeliveryAttempt
        {
            TenantId = delivery.TenantId,
            DeliveryId = delivery.Id,
            Number = delivery.Attempts,
            At = now,
            StatusCode = result.StatusCode,
            DurationMs = duration,
            Succeeded = result.Succeeded,
            Outcome = Clip(result.Outcome),
        };
        db.DeliveryAttempts.Add(attempt);
        (delivery.LastStatusCode, delivery.LastDurationMs, delivery.LastOutcome, delivery.LeaseUntil) = (result.StatusCode, duration, attempt.Outcome, null);
        var disable = false;
        if (result.Succeeded)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.FinishedAt = now;
            delivery.NextAttemptAt = null;
            channel.FailedAttemptsInRow = 0;
        }
        else
        {
            channel.FailedAttemptsInRow++;
            var delays = options.Value.Notifications.RetryDelays;
            if (delivery.Attempts < NotificationDelivery.MaxAttempts)
            {
                var delay = delays.Count == 0 ? TimeSpan.FromMinutes(1) : delays[Math.Min(delivery.Attempts - 1, delays.Count - 1)];
                delivery.NextAttemptAt = now + delay;
            }
            else
            {
                delivery.Status = DeliveryStatus.Failed;
                delivery.FinishedAt = now;
                delivery.NextAttemptAt = null;
                disable = channel.FailedAttemptsInRow >= NotificationDelivery.MaxAttempts && e.Kind != AccountEventKinds.Test;
            }
        }

        if (disable)
        {
            await DisableAsync(db, channel, now, ct);
        }

        await db.SaveChangesAsync(ct);
        LogAttempt(delivery.Id, channel.Kind, delivery.Attempts, result.Succeeded, result.StatusCode, duration);
        return attempt;
    }

    private async Task<AttemptResult> SendAsync(NotificationChannel channel, NotificationDelivery delivery, NotificationContent content, CancellationToken ct)
    {
        if (channel.Kind == ChannelKind.Email)
        {
            return await email.SendAsync(channel.RecipientList, content, ct);
        }

        var secret = await vault.GetOwnedSecretAsync(channel.Id, ct);
        if (secret is null || !Uri.TryCreate(channel.Url, UriKind.Absolute, out var url))
        {
            return new AttemptResult(false, null, "The endpoint's URL or signing secret is missing; create the channel again.");
        }

        return await webhooks.SendAsync(url, secret, delivery.Id.ToString(), content.WebhookJson(clock.GetUtcNow().UtcDateTime), ct);
    }

    /// <summary>Turns the channel off, cancels what waits for it and tells the tenant's admins.</summary>
    private async Task DisableAsync(ConnectorsDbContext db, NotificationChannel channel, DateTime now, CancellationToken ct)
    {
        var reason = $"Disabled automatically after {channel.FailedAttemptsInRow} failed delivery attempts in a row.";
        channel.Enabled = false;
        channel.DisabledAt = now;
        channel.DisabledReason = reason;
        await db.NotificationDeliveries
            .Where(d => d.ChannelId == channel.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                .SetProperty(d => d.FinishedAt, now)
                .SetProperty(d => d.LastOutcome, "Not sent: the channel was disabled after repeated failures."), ct);
        var admins = await db.Memberships.AsNoTracking()
            .Where(m => m.TenantId == channel.TenantId && (m.Role == TenantRole.Admin || m.Role == TenantRole.SuperAdmin))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);
        foreach (var userId in admins)
        {
            db.InboxNotifications.Add(new InboxNotification
            {
                TenantId = channel.TenantId,
                UserId = userId,
                Kind = "channel.disabled",
                Title = Clip($"Notification channel disabled: {channel.Name}", InboxNotification.TitleMaxLength),
                Message = $"{reason} Fix the endpoint, then enable the channel again on the notifications page.",
                ChannelId = channel.Id,
                CreatedAt = now,
            });
        }

        audit.Record(db, "notification.channel_disabled", "notification-channel", channel.Id.ToString(), $"Disabled channel '{channel.Name}': {reason}");

        LogDisabled(channel.Id, channel.FailedAttemptsInRow);
    }

    private static string Clip(string value, int max = NotificationDelivery.OutcomeMaxLength) => value.Length > max ? value[..max] : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} ({Kind}) attempt {Attempt}: succeeded {Succeeded}, status {StatusCode}, {DurationMs} ms.")]
    private partial void LogAttempt(Guid deliveryId, ChannelKind kind, int attempt, bool succeeded, int? statusCode, int durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification channel {ChannelId} disabled after {Failures} failed attempts in a row.")]
    private partial void LogDisabled(Guid channelId, int failures);
}
