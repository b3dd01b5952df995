using Connectors.Domain.Data;
using Connectors.Domain.Notifications;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Notifications;

/// <summary>A test bed with a real SMTP server and a verifying webhook receiver in the process, the tenant's admins
/// as members (their inboxes), an email and a webhook channel, and one mail account. The clock starts at the real
/// time (the receiver checks the signature's timestamp against it) and moves by hand.</summary>
public sealed class NotificationTestBed : IAsyncDisposable
{
    public const string SmtpUser = "smtp-user";
    public const string SmtpPassword = "smtp-Pl4nted-Secret-77";
    public const string AccountPassword = "acct-Pl4nted-Secret-42";

    private NotificationTestBed(ConnectorsTestBed bed, TestSmtpServer smtp, WebhookReceiver receiver)
    {
        Bed = bed;
        Smtp = smtp;
        Receiver = receiver;
    }

    public ConnectorsTestBed Bed { get; }

    public TestSmtpServer Smtp { get; }

    public WebhookReceiver Receiver { get; }

    public Guid Account { get; private set; }

    public Guid Email { get; private set; }

    public Guid Webhook { get; private set; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<NotificationTestBed> CreateAsync(IReadOnlyList<string>? events = null)
    {
        var smtp = TestSmtpServer.Start(SmtpUser, SmtpPassword);
        var receiver = await WebhookReceiver.StartAsync();
        var settings = smtp.Settings(SmtpUser, SmtpPassword);
        settings["Connectors:Network:AllowPrivateHosts"] = "true";
        settings["Connectors:Notifications:TimeoutSeconds"] = "30";
        var bed = await ConnectorsTestBed.CreateAsync(settings, (services, _) => services.AddSingleton(new SyncJitter(() => 0.5)),
            new ManualClock(DateTimeOffset.UtcNow));
        var notifications = new NotificationTestBed(bed, smtp, receiver);
        await notifications.SetUpAsync(events ?? ["sync.failed", "account.needs_reconnect", "account.failing", "account.stopped", "account.recovered", "check.failed", "check.recovered"]);
        return notifications;
    }

    private async Task SetUpAsync(IReadOnlyList<string> events)
    {
        await using (var scope = Bed.As(Bed.Acme))
        await using (var db = Db(scope))
        {
            foreach (var user in new[] { "user-1", "user-2", "user-3", "globex-admin" })
            {
                db.Users.Add(new ConnectorsUser { Id = user, UserName = $"{user}@acme.test", Email = $"{user}@acme.test" });
            }

            db.Memberships.Add(new TenantMembership { TenantId = Bed.Acme, UserId = "user-1", Role = TenantRole.SuperAdmin });
            db.Memberships.Add(new TenantMembership { TenantId = Bed.Acme, UserId = "user-2", Role = TenantRole.Admin });
            db.Memberships.Add(new TenantMembership { TenantId = Bed.Acme, UserId = "user-3", Role = TenantRole.Member });
            db.Memberships.Add(new TenantMembership { TenantId = Bed.Globex, UserId = "globex-admin", Role = TenantRole.SuperAdmin });
            await db.SaveChangesAsync(Ct);
        }

        Account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support", AccountPassword)).AccountId;
        await using (var scope = Bed.As(Bed.Acme))
        {
            var settings = scope.ServiceProvider.GetRequiredService<NotificationSettings>();
            Email = (await settings.CreateChannelAsync(new ChannelInput("email", "Ops mail", ["ops@acme.test", "oncall@acme.test"], null), Ct)).Id;
            var webhook = await settings.CreateChannelAsync(new ChannelInput("webhook", "Ops hook", null, Receiver.Url), Ct);
            Webhook = webhook.Id;
            Receiver.Secret = webhook.Secret;
            await settings.CreateRuleAsync(new RuleInput("Everything", events, [Email, Webhook], null, null), Ct);
        }
    }

    /// <summary>What the notification job does on each interval: hand out events, then send what is due.</summary>
    public async Task PumpAsync()
    {
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchAsync(Ct);
        await scope.ServiceProvider.GetRequiredService<DeliveryWorker>().SendDueAsync(Ct);
    }

    public async Task<SyncRun> RunSyncAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(Account, SyncTrigger.Manual, Ct);
    }

    public async Task<IReadOnlyList<InboxItem>> InboxAsync(string userId, TenantRole role = TenantRole.SuperAdmin, Guid? tenant = null)
    {
        await using var scope = Bed.As(tenant ?? Bed.Acme, role, userId);
        return await scope.ServiceProvider.GetRequiredService<Inbox>().ListAsync(50, Ct);
    }

    public async Task<IReadOnlyList<DeliveryView>> DeliveriesAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<NotificationSettings>().DeliveriesAsync(100, Ct);
    }

    public async Task<T> QueryAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = Db(scope);
        return await query(db);
    }

    public static ConnectorsDbContext Db(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Receiver.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
