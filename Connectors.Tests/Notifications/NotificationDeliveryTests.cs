using System.Text.Json;
using Connectors.Domain.Errors;
using Connectors.Domain.Events;
using Connectors.Domain.Notifications;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Notifications;

/// <summary>From a failing account to an email at a real SMTP server, a signed webhook and the admins' inboxes:
/// de-duplication, recovery, the message's content, and secrets kept out of all of it.</summary>
public sealed class NotificationDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private NotificationTestBed _n = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _n = await NotificationTestBed.CreateAsync();

    public ValueTask DisposeAsync() => _n.DisposeAsync();

    [Fact]
    public async Task TenFailingRunsInAnHour_OneNotificationPerChannelAndEventKind_AndOneInboxEntryPerAdmin()
    {
        _n.Bed.Calls.SyncFailure = new ConnectorConfigurationException("The folder 'Archive' does not exist on the server.");
        for (var i = 0; i < 10; i++)
        {
            await _n.RunSyncAsync();
            _n.Bed.Clock.Advance(TimeSpan.FromMinutes(5));
            await _n.PumpAsync();
        }

        var events = await _n.QueryAsync(db => db.AccountEvents.AsNoTracking().Where(e => e.InstallationId == _n.Account).ToListAsync(Ct));
        events.Count(e => e.Kind == AccountEventKinds.SyncFailed).ShouldBe(4, "runs 1–4 fail after their retries; the 5th stops the account");
        events.Count(e => e.State == AccountEventState.Notified).ShouldBe(3);
        var kinds = new[] { AccountEventKinds.SyncFailed, AccountEventKinds.Failing, AccountEventKinds.Stopped };
        events.Where(e => e.State == AccountEventState.Notified).Select(e => e.Kind).ShouldBe(kinds, ignoreOrder: true);

        var mails = await _n.Smtp.WaitForAsync(3, Wait);
        mails.Count.ShouldBe(3);
        mails.Select(m => m.Subject).ShouldBe(
            ["[acme] Sync failed: Support (test-mail)", "[acme] Failing: Support (test-mail)", "[acme] Stopped after repeated failures: Support (test-mail)"],
            ignoreOrder: true);
        mails.ShouldAllBe(m => m.To.Mailboxes.Select(a => a.Address).SequenceEqual(new[] { "ops@acme.test", "oncall@acme.test" }));
        var hooks = await _n.Receiver.WaitForAsync(3, Wait);
        hooks.Count.ShouldBe(3);
        hooks.ShouldAllBe(h => h.Verified);
        hooks.Select(h => JsonDocument.Parse(h.Body).RootElement.GetProperty("type").GetString()).ShouldBe(kinds, ignoreOrder: true);

        (await _n.InboxAsync("user-1")).Count.ShouldBe(3);
        (await _n.InboxAsync("user-2", TenantRole.Admin)).Count.ShouldBe(3);
        (await _n.InboxAsync("user-3", TenantRole.Admin)).ShouldBeEmpty("a member has no inbox entries");
        (await _n.InboxAsync("globex-admin", TenantRole.SuperAdmin, _n.Bed.Globex)).ShouldBeEmpty();
        (await _n.DeliveriesAsync()).Count(d => d.Status == "delivered").ShouldBe(6);
    }

    [Fact]
    public async Task Recovery_ClosesTheOpenProblem_ThenANewFailureIsNotifiedAtOnce_AndARecoveryWithNothingOpenIsDropped()
    {
        _n.Bed.Calls.SyncFailure = new ConnectorConfigurationException("The folder 'Archive' does not exist on the server.");
        await _n.RunSyncAsync();
        _n.Bed.Calls.SyncFailure = null;
        _n.Bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await _n.RunSyncAsync();
        _n.Bed.Calls.SyncFailure = new ConnectorConfigurationException("The folder 'Archive' does not exist on the server.");
        _n.Bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await _n.RunSyncAsync();
        await _n.PumpAsync();

        var mails = await _n.Smtp.WaitForAsync(3, Wait);
        mails.Select(m => m.Subject).ShouldBe(
            ["[acme] Sync failed: Support (test-mail)", "[acme] Recovered: Support (test-mail)", "[acme] Sync failed: Support (test-mail)"],
            ignoreOrder: true);

        // A transient failure that its retry fixes raises no problem event: its recovery has nothing to close.
        _n.Bed.Calls.SyncFailure = null;
        _n.Bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await _n.RunSyncAsync();
        _n.Bed.Calls.SyncFailure = new ConnectorApiException("The provider answered 503.");
        _n.Bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await _n.RunSyncAsync();
        await DropQueuedRetryAsync(); // the test runs "the retry" itself
        _n.Bed.Calls.SyncFailure = null;
        _n.Bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await _n.RunSyncAsync();
        await _n.PumpAsync();

        var recoveries = await _n.QueryAsync(db => db.AccountEvents.AsNoTracking()
            .Where(e => e.Kind == AccountEventKinds.Recovered).OrderBy(e => e.OccurredAt).Select(e => e.State).ToListAsync(Ct));
        recoveries.ShouldBe([AccountEventState.Notified, AccountEventState.Notified, AccountEventState.Suppressed]);
        _n.Smtp.Messages.Count.ShouldBe(4);
    }

    [Fact]
    public async Task AfterTheDedupWindow_TheSameProblemIsNotifiedAgain()
    {
        _n.Bed.Calls.SyncFailure = new ConnectorConfigurationException("Bad folder.");
        await _n.RunSyncAsync();
        _n.Bed.Clock.Advance(TimeSpan.FromMinutes(30));
        await _n.RunSyncAsync();
        _n.Bed.Clock.Advance(TimeSpan.FromMinutes(31));
        await ResetStreakAsync();
        await _n.RunSyncAsync();
        await _n.PumpAsync();

        var states = await _n.QueryAsync(db => db.AccountEvents.AsNoTracking()
            .Where(e => e.Kind == AccountEventKinds.SyncFailed).OrderBy(e => e.OccurredAt).Select(e => e.State).ToListAsync(Ct));
        states.ShouldBe([AccountEventState.Notified, AccountEventState.Suppressed, AccountEventState.Notified]);
    }

    [Fact]
    public async Task TheEmailAndTheWebhook_SayWhatHappenedInTheProductsWords_SignedPerStandardWebhooks_WithoutSecrets()
    {
        _n.Bed.Calls.SyncFailure = new ConnectorAuthException("The mail server refused the password.");
        await _n.RunSyncAsync();
        await _n.PumpAsync();

        var mail = (await _n.Smtp.WaitForAsync(1, Wait)).Single();
        mail.Subject.ShouldBe("[acme] Needs reconnect: Support (test-mail)");
        mail.From.Mailboxes.Single().Address.ShouldBe("connectors@acme.test");
        mail.TextBody!.ShouldContain("The provider refused the account's credentials: The mail server refused the password. Reconnect the account");
        mail.TextBody!.ShouldContain($"Account: Support ({_n.Account})");
        mail.TextBody!.ShouldContain("Project: default");
        mail.TextBody!.ShouldContain($"http://localhost:5030/admin/connectors/accounts/{_n.Account}");
        mail.HtmlBody!.ShouldContain("<h1 style=\"font-size:1.2em\">Needs reconnect</h1>");
        mail.HtmlBody!.ShouldContain($"href=\"http://localhost:5030/admin/connectors/accounts/{_n.Account}\"");
        _n.Smtp.Logins.ShouldBe([NotificationTestBed.SmtpUser]);

        var hook = (await _n.Receiver.WaitForAsync(1, Wait)).Single();
        hook.Verified.ShouldBeTrue("the receiver verified webhook-signature with the secret shown once");
        hook.Fresh.ShouldBeTrue("the library's own verification, timestamp window included, passes");
        hook.Signature.ShouldStartWith("v1,");
        var delivery = (await _n.DeliveriesAsync()).Single(d => d.ChannelKind == "webhook");
        hook.Id.ShouldBe(delivery.Id.ToString());
        var root = JsonDocument.Parse(hook.Body).RootElement;
        root.GetProperty("type").GetString().ShouldBe("account.needs_reconnect");
        var data = root.GetProperty("data");
        data.GetProperty("tenant").GetString().ShouldBe("acme");
        data.GetProperty("connector").GetString().ShouldBe("test-mail");
        data.GetProperty("accountId").GetGuid().ShouldBe(_n.Account);
        data.GetProperty("accountLabel").GetString().ShouldBe("Support");
        data.GetProperty("project").GetString().ShouldBe("default");
        data.GetProperty("category").GetString().ShouldBe("auth");
        data.GetProperty("link").GetString().ShouldBe($"http://localhost:5030/admin/connectors/accounts/{_n.Account}");

        var inbox = (await _n.InboxAsync("user-1")).Single();
        inbox.Title.ShouldBe("Needs reconnect: Support (test-mail)");
        inbox.Link.ShouldBe($"/admin/connectors/accounts/{_n.Account}");

        var everything = string.Join("\n", [mail.ToString(), hook.Body, JsonSerializer.Serialize(await _n.DeliveriesAsync()), JsonSerializer.Serialize(inbox),
            string.Join("\n", _n.Bed.Logs.Lines)]);
        everything.ShouldNotContain(NotificationTestBed.AccountPassword);
        everything.ShouldNotContain(NotificationTestBed.SmtpPassword);
        everything.ShouldNotContain(_n.Receiver.Secret!);
        everything.ShouldNotContain(_n.Receiver.Secret!["whsec_".Length..]);
    }

    [Fact]
    public async Task FailingEndpoint_RetriedAfter10s1m5m30m_ThenDisabled_AdminsTold_AndWaitingDeliveriesCancelled()
    {
        _n.Receiver.Status = () => 500;
        _n.Bed.Calls.SyncFailure = new ConnectorConfigurationException("Bad folder.");
        await _n.RunSyncAsync();
        await _n.PumpAsync();
        var start = _n.Bed.Clock.GetUtcNow().UtcDateTime;
        var expectedWaits = new[] { 10, 60, 300, 1800 };
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var pending = (await _n.DeliveriesAsync()).Single(d => d.ChannelKind == "webhook");
            pending.Attempts.ShouldBe(attempt);
            pending.Status.ShouldBe("pending");
            pending.LastStatusCode.ShouldBe(500);
            pending.LastOutcome.ShouldBe("The endpoint answered HTTP 500.");
            pending.NextAttemptAt.ShouldBe(_n.Bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(expectedWaits[attempt - 1]));

            // Not before its time…
            _n.Bed.Clock.Advance(TimeSpan.FromSeconds(expectedWaits[attempt - 1] - 1));
            await _n.PumpAsync();
            (await _n.DeliveriesAsync()).Single(d => d.ChannelKind == "webhook").Attempts.ShouldBe(attempt);

            // …then retried.
            _n.Bed.Clock.Advance(TimeSpan.FromSeconds(1));
            await _n.PumpAsync();
        }

        (await _n.Receiver.WaitForAsync(5, Wait)).Count.ShouldBe(5);
        var failed = (await _n.DeliveriesAsync()).Single(d => d.ChannelKind == "webhook");
        failed.Status.ShouldBe("failed");
        failed.AttemptLog.Select(a => a.StatusCode).ShouldBe([500, 500, 500, 500, 500]);
        failed.AttemptLog.ShouldAllBe(a => !a.Succeeded && a.DurationMs >= 0);
        failed.AttemptLog.Select(a => (a.At - start).TotalSeconds).ShouldBe([0, 10, 70, 370, 2170]);

        await using (var scope = _n.Bed.As(_n.Bed.Acme))
        {
            var channel = (await scope.ServiceProvider.GetRequiredService<NotificationSettings>().ListChannelsAsync(Ct)).Single(c => c.Id == _n.Webhook);
            channel.Enabled.ShouldBeFalse();
            channel.DisabledReason.ShouldBe("Disabled automatically after 5 failed delivery attempts in a row.");
        }

        var notice = (await _n.InboxAsync("user-1"))[0];
        notice.Kind.ShouldBe("channel.disabled");
        notice.Title.ShouldBe("Notification channel disabled: Ops hook");
        notice.Link.ShouldBe("/admin/notifications");
        (await _n.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "notification.channel_disabled" && a.TargetId == _n.Webhook.ToString(), Ct)))
            .ShouldBeTrue();

        // A later event goes to the email channel only; the disabled endpoint gets no delivery.
        _n.Bed.Clock.Advance(TimeSpan.FromHours(2));
        _n.Bed.Calls.SyncFailure = null;
        await _n.RunSyncAsync();
        await _n.PumpAsync();
        (await _n.DeliveriesAsync()).Count(d => d.ChannelKind == "webhook").ShouldBe(1);
    }

    private async Task DropQueuedRetryAsync()
    {
        await using var scope = _n.Bed.As(_n.Bed.Acme);
        await using var db = NotificationTestBed.Db(scope);
        await db.SyncRuns.Where(r => r.Status == SyncRunStatus.Queued).ExecuteDeleteAsync(Ct);
    }

    private async Task ResetStreakAsync()
    {
        await using var scope = _n.Bed.As(_n.Bed.Acme);
        await using var db = NotificationTestBed.Db(scope);
        var account = await db.Installations.SingleAsync(i => i.Id == _n.Account, Ct);
        account.ConsecutiveFailures = 0;
        await db.SaveChangesAsync(Ct);
    }
}
