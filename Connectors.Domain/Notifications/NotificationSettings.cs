using System.Text.RegularExpressions;
using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Events;
using Connectors.Domain.Network;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Connectors.Domain.Notifications;

/// <summary>
/// A tenant's notification channels and alert rules, and its delivery log. Reading needs the view right, changing
/// the manage right; every change is audited. A webhook URL must be https (http only where private hosts are
/// allowed, i.e. development and tests) and pass the host guard; its signing secret goes to the vault and is
/// returned once.
/// </summary>
public sealed partial class NotificationSettings(
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantContext tenant,
    ActorContext actor,
    AuditLog audit,
    CredentialVault vault,
    HostGuard guard,
    DeliveryWorker worker,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock)
{
    public const int MaxRecipients = 20;

    public async Task<IReadOnlyList<ChannelView>> ListChannelsAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = factory.CreateDbContext();
        var channels = await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return [.. channels.Select(View)];
    }

    public async Task<CreatedChannel> CreateChannelAsync(ChannelInput input, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var tenantId = tenant.RequireTenantId();
        var kind = input.Kind?.Trim().ToLowerInvariant();
        var name = RequireName(input.Name, "name", NotificationChannel.NameMaxLength);
        var channel = kind switch
        {
            "email" => new NotificationChannel { TenantId = tenantId, Kind = ChannelKind.Email, Name = name, Recipients = string.Join('\n', Recipients(input.Recipients)) },
            "webhook" => new NotificationChannel { TenantId = tenantId, Kind = ChannelKind.Webhook, Name = name, Url = (await WebhookUrlAsync(input.Url, ct)).ToString() },
            _ => throw new ValidationFailedException("kind", "Choose the channel's kind: email or webhook."),
        };
        await using var db = factory.CreateDbContext();
        db.NotificationChannels.Add(channel);
        audit.Record(db, "notification.channel_created", "notification-channel", channel.Id.ToString(),
            channel.Kind == ChannelKind.Email
                ? $"Created email channel '{channel.Name}' to {channel.RecipientList.Count} recipient(s)."
                : $"Created webhook channel '{channel.Name}' to {new Uri(channel.Url!).Host}.");
        await db.SaveChangesAsync(ct);
        if (channel.Kind != ChannelKind.Webhook)
        {
            return new CreatedChannel(channel.Id, null);
        }

        var secret = WebhookSender.NewSecret();
        await vault.SetOwnedSecretAsync(tenantId, channel.Id, secret, ct);
        return new CreatedChannel(channel.Id, secret);
    }

    /// <summary>Turns a channel on or off; turning it on clears an automatic disable and its failure count.</summary>
    public async Task SetChannelEnabledAsync(Guid id, bool enabled, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = factory.CreateDbContext();
        var channel = await db.NotificationChannels.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw ChannelNotFound(id);
        channel.Enabled = enabled;
        channel.DisabledReason = null;
        channel.DisabledAt = enabled ? null : clock.GetUtcNow().UtcDateTime;
        channel.FailedAttemptsInRow = 0;
        audit.Record(db, enabled ? "notification.channel_enabled" : "notification.channel_disabled", "notification-channel", id.ToString(),
            $"{(enabled ? "Enabled" : "Disabled")} channel '{channel.Name}'.");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes a channel with its deliveries and secret, and takes it out of every rule.</summary>
    public async Task DeleteChannelAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = factory.CreateDbContext();
        var channel = await db.NotificationChannels.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw ChannelNotFound(id);
        var key = id.ToString();
        foreach (var rule in await db.AlertRules.Where(r => r.ChannelIds.Contains(key)).ToListAsync(ct))
        {
            rule.ChannelIds = string.Join(',', rule.ChannelIdList.Where(c => c != id));
        }

        db.NotificationChannels.Remove(channel);
        audit.Record(db, "notification.channel_deleted", "notification-channel", key, $"Deleted channel '{channel.Name}'.");
        await db.SaveChangesAsync(ct);
        await vault.RemoveOwnedSecretAsync(id, ct);
    }

    /// <summary>Sends a test event through the channel now and returns its delivery (also in the log).</summary>
    public async Task<DeliveryView> SendTestAsync(Guid channelId, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var now = clock.GetUtcNow().UtcDateTime;
        NotificationDelivery delivery;
        await using (var db = factory.CreateDbContext())
        {
            var channel = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, ct) ?? throw ChannelNotFound(channelId);
            if (!channel.Enabled)
            {
                throw new ValidationFailedException("channel", $"The channel '{channel.Name}' is disabled; enable it before sending a test event.");
            }

            var e = new AccountEvent
            {
                TenantId = channel.TenantId,
                Kind = AccountEventKinds.Test,
                Message = $"A test event sent from the notifications page to '{channel.Name}'. If you read this, the channel works.",
                OccurredAt = now,
                State = AccountEventState.Notified,
                ProcessedAt = now,
            };
            delivery = new NotificationDelivery
            {
                TenantId = channel.TenantId,
                EventId = e.Id,
                ChannelId = channel.Id,
                EventKind = e.Kind,
                Status = DeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            };
            db.AccountEvents.Add(e);
            db.NotificationDeliveries.Add(delivery);
            audit.Record(db, "notification.test_sent", "notification-channel", channel.Id.ToString(), $"Sent a test event to '{channel.Name}'.");
            await db.SaveChangesAsync(ct);
        }

        await worker.AttemptAsync(delivery.Id, ct);
        return (await DeliveriesAsync(1, ct, delivery.Id)).Single();
    }

    public async Task<IReadOnlyList<RuleView>> ListRulesAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = factory.CreateDbContext();
        var rules = await db.AlertRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
        return [.. rules.Select(View)];
    }

    public async Task<Guid> CreateRuleAsync(RuleInput input, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = factory.CreateDbContext();
        var errors = new Dictionary<string, string>();
        string? name = null;
        try
        {
            name = RequireName(input.Name, "name", AlertRule.NameMaxLength);
        }
        catch (ValidationFailedException e)
        {
            errors["name"] = e.Errors["name"];
        }

        var events = (input.Events ?? []).Select(e => e.Trim()).Where(e => e.Length > 0).Distinct().ToList();
        if (events.Count == 0)
        {
            errors["events"] = $"Choose at least one event: {string.Join(", ", AccountEventKinds.All)}.";
        }
        else if (events.FirstOrDefault(e => !AccountEventKinds.IsKnown(e)) is { } unknown)
        {
            errors["events"] = $"'{unknown}' is not an event. Events: {string.Join(", ", AccountEventKinds.All)}.";
        }

        var channelIds = (input.ChannelIds ?? []).Distinct().ToList();
        var known = await db.NotificationChannels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        if (channelIds.Count == 0)
        {
            errors["channelIds"] = "Choose at least one channel.";
        }
        else if (channelIds.FirstOrDefault(c => !known.Contains(c)) is var missing && missing != Guid.Empty)
        {
            errors["channelIds"] = $"There is no channel {missing} in this tenant.";
        }

        var connectors = (input.Connectors ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList();
        if (connectors.FirstOrDefault(c => !ConnectorKeyShape().IsMatch(c)) is { } badConnector)
        {
            errors["connectors"] = $"'{badConnector}' is not a connector key (lowercase letters, digits and dashes).";
        }

        var projects = (input.Projects ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToList();
        var knownProjects = await db.Projects.AsNoTracking().Where(p => projects.Contains(p.Key)).Select(p => p.Key).ToListAsync(ct);
        if (projects.FirstOrDefault(p => !knownProjects.Contains(p)) is { } badProject)
        {
            errors["projects"] = $"There is no project '{badProject}' in this tenant.";
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var rule = new AlertRule
        {
            TenantId = tenant.RequireTenantId(),
            Name = name!,
            Events = AlertRule.Join(events),
            ChannelIds = AlertRule.Join(channelIds.Select(c => c.ToString())),
            Connectors = AlertRule.Join(connectors),
            Projects = AlertRule.Join(projects),
        };
        if (rule.Events.Length > AlertRule.ListMaxLength || rule.ChannelIds.Length > AlertRule.ListMaxLength
            || rule.Connectors.Length > AlertRule.ListMaxLength || rule.Projects.Length > AlertRule.ListMaxLength)
        {
            throw new ValidationFailedException("rule", "The rule names too many events, channels, connectors or projects.");
        }

        db.AlertRules.Add(rule);
        audit.Record(db, "notification.rule_created", "notification-rule", rule.Id.ToString(),
            $"Created rule '{rule.Name}': {rule.Events} to {channelIds.Count} channel(s)"
            + (connectors.Count > 0 ? $", connectors {rule.Connectors}" : "") + (projects.Count > 0 ? $", projects {rule.Projects}" : "") + ".");
        await db.SaveChangesAsync(ct);
        return rule.Id;
    }

    public async Task SetRuleEnabledAsync(Guid id, bool enabled, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = factory.CreateDbContext();
        var rule = await db.AlertRules.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw RuleNotFound(id);
        rule.Enabled = enabled;
        audit.Record(db, enabled ? "notification.rule_enabled" : "notification.rule_disabled", "notification-rule", id.ToString(),
            $"{(enabled ? "Enabled" : "Disabled")} rule '{rule.Name}'.");
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteRuleAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = factory.CreateDbContext();
        var rule = await db.AlertRules.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw RuleNotFound(id);
        db.AlertRules.Remove(rule);
        audit.Record(db, "notification.rule_deleted", "notification-rule", id.ToString(), $"Deleted rule '{rule.Name}'.");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The delivery log, newest first, with each delivery's attempts.</summary>
    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync(int limit, CancellationToken ct, Guid? only = null)
    {
        actor.EnsureCanView();
        await using var db = factory.CreateDbContext();
        var query = db.NotificationDeliveries.AsNoTracking();
        if (only is { } id)
        {
            query = query.Where(d => d.Id == id);
        }

        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 500))
            .Select(d => new
            {
                Delivery = d,
                Channel = db.NotificationChannels.Where(c => c.Id == d.ChannelId).Select(c => new { c.Name, c.Kind }).FirstOrDefault(),
                Event = db.AccountEvents.Where(e => e.Id == d.EventId).Select(e => new { e.InstallationId, e.AccountLabel }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Delivery.Id).ToList();
        var attempts = (await db.DeliveryAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return [.. rows.Select(r => new DeliveryView(
            r.Delivery.Id, r.Delivery.ChannelId, r.Channel?.Name ?? "(deleted)", (r.Channel?.Kind ?? ChannelKind.Webhook).ToString().ToLowerInvariant(),
            r.Delivery.EventKind, r.Event?.InstallationId, r.Event?.AccountLabel, r.Delivery.Status.ToString().ToLowerInvariant(),
            r.Delivery.Attempts, r.Delivery.LastStatusCode, r.Delivery.LastDurationMs, r.Delivery.LastOutcome, r.Delivery.CreatedAt,
            r.Delivery.Status == DeliveryStatus.Pending ? r.Delivery.NextAttemptAt : null,
            [.. attempts[r.Delivery.Id].OrderBy(a => a.Number).Select(a => new AttemptView(a.Number, a.At, a.StatusCode, a.DurationMs, a.Succeeded, a.Outcome))]))];
    }

    private async Task<Uri> WebhookUrlAsync(string? value, CancellationToken ct)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ValidationFailedException("url", "Enter the endpoint's URL (https://…).");
        }

        if (text.Length > NotificationChannel.UrlMaxLength || !Uri.TryCreate(text, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ValidationFailedException("url", "Enter the endpoint's full URL, starting with https://.");
        }

        if (url.Scheme == Uri.UriSchemeHttp && !options.Value.Network.AllowPrivateHosts)
        {
            throw new ValidationFailedException("url", "The endpoint must use https:// (plain http is allowed only in development).");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new ValidationFailedException("url", "The URL must not carry a user name or password; the signature authenticates the sender.");
        }

        try
        {
            await guard.ResolveAllowedAsync(url.Host, ct);
        }
        catch (ConnectorConfigurationException e)
        {
            throw new ValidationFailedException("url", e.Message);
        }

        return url;
    }

    private static List<string> Recipients(IReadOnlyList<string>? values)
    {
        var recipients = (values ?? []).SelectMany(v => v.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0)
        {
            throw new ValidationFailedException("recipients", "Enter at least one email address.");
        }

        if (recipients.Count > MaxRecipients)
        {
            throw new ValidationFailedException("recipients", $"At most {MaxRecipients} addresses per channel.");
        }

        foreach (var recipient in recipients)
        {
            if (!MailboxAddress.TryParse(recipient, out var address) || address.Address.IndexOf('@', StringComparison.Ordinal) <= 0 || recipient.Length > 254)
            {
                throw new ValidationFailedException("recipients", $"'{(recipient.Length > 60 ? recipient[..60] + "…" : recipient)}' is not an email address.");
            }
        }

        return recipients;
    }

    private static string RequireName(string? value, string field, int max)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new ValidationFailedException(field, "Enter a name.");
        }

        if (name.Length > max)
        {
            throw new ValidationFailedException(field, $"The name is longer than {max} characters.");
        }

        return name;
    }

    private static ChannelView View(NotificationChannel c) => new(
        c.Id, c.Kind.ToString().ToLowerInvariant(), c.Name, c.RecipientList, c.Url, c.Enabled, c.DisabledReason, c.DisabledAt, c.CreatedAt);

    private static RuleView View(AlertRule r) => new(r.Id, r.Name, r.EventList, r.ChannelIdList, r.ConnectorList, r.ProjectList, r.Enabled);

    private static NotFoundException ChannelNotFound(Guid id) => new($"There is no notification channel {id} in this tenant.");

    private static NotFoundException RuleNotFound(Guid id) => new($"There is no alert rule {id} in this tenant.");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ConnectorKeyShape();
}
