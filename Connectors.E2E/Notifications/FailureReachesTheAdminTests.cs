using System.Text.Json;
using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Connectors.Tests.Connectors.Imap;
using Connectors.Tests.Fakes;
using Microsoft.Playwright;

namespace Connectors.E2E.Notifications;

/// <summary>
/// The whole path of a broken account to its admins, with real parts: a real Dovecot whose user's password changes,
/// the app's scheduled connection check (its Quartz job), an email at a real SMTP server in the test process, a
/// Standard Webhooks request at a local receiver that verifies its signature, and the bell in the browser. The
/// channels and the rule are set up on the notifications page; reconnecting sends "recovered" the same ways.
/// </summary>
public sealed class FailureReachesTheAdminTests
{
    private const string OldPassword = "Mailbox-0ld-Passw0rd-e2e";
    private const string NewPassword = "Mailbox-N3w-Passw0rd-e2e";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PasswordChangedOnTheMailServer_CheckCatchesIt_EmailWebhookAndBellTellTheAdmin_ReconnectSendsRecovered()
    {
        if (!DovecotServer.IsInstalled)
        {
            Assert.Fail($"Dovecot is needed at {DovecotServer.Binary}: apt-get install -y dovecot-imapd");
        }

        await using var dovecot = await DovecotServer.StartAsync();
        await using var smtp = TestSmtpServer.Start("mailer", "Smtp-Pl4nted-e2e");
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["CONNECTOR_IMAP_FAKE_PING"] = "false",
            ["Connectors:Network:AllowPrivateHosts"] = "true",
            ["Connectors:Checks:SweepSeconds"] = "1",
            ["Connectors:Notifications:PollSeconds"] = "1",
        };
        foreach (var (key, value) in smtp.Settings("mailer", "Smtp-Pl4nted-e2e"))
        {
            settings[key] = value!;
        }

        await using var app = new LiveApp(settings);
        var user = await dovecot.AddUserAsync("support", OldPassword);
        var connected = await app.CreateAccountAsync("imap", "Support", new Dictionary<string, object?>
        {
            ["host"] = DovecotServer.Host,
            ["port"] = dovecot.ImapPort,
            ["encryption"] = "starttls",
            ["validate_cert"] = false,
            ["username"] = user,
            ["password"] = OldPassword,
        });
        connected.Error.ShouldBeNull();
        var account = connected.AccountId;

        // The admin sets up an email list, a signed webhook and a rule on the notifications page.
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await AdminSignIn.OpenAsync(browser, app, "/admin/notifications");
        await page.GetByTestId("channel-add").ClickAsync();
        await AdminSignIn.Input(page, "channel-name").FillAsync("Ops mail");
        await page.Locator("textarea[data-testid='channel-recipients'], [data-testid='channel-recipients'] textarea").First.FillAsync("ops@acme.test");
        await page.GetByTestId("channel-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='channel-row'][data-name='Ops mail']")).ToBeVisibleAsync();

        await page.GetByTestId("channel-add").ClickAsync();
        await page.GetByTestId("channel-kind-webhook").ClickAsync();
        await AdminSignIn.Input(page, "channel-name").FillAsync("Ops hook");
        await AdminSignIn.Input(page, "channel-url").FillAsync(receiver.Url);
        await page.GetByTestId("channel-submit").ClickAsync();
        var secretField = AdminSignIn.Input(page, "webhook-secret");
        await Assertions.Expect(secretField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        receiver.Secret = await secretField.InputValueAsync();
        await browser.ScreenshotAsync("notifications-webhook-secret");
        await page.GetByTestId("secret-done").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='channel-row'][data-name='Ops hook']")).ToBeVisibleAsync();

        await page.GetByTestId("rule-add").ClickAsync();
        await AdminSignIn.Input(page, "rule-name").FillAsync("Broken accounts");
        await page.Locator("[data-testid='rule-channel'][data-name='Ops mail']").ClickAsync();
        await page.Locator("[data-testid='rule-channel'][data-name='Ops hook']").ClickAsync();
        await page.GetByTestId("rule-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='rule-row'][data-name='Broken accounts']")).ToContainTextAsync("Needs reconnect");
        await browser.ScreenshotAsync("notifications-page");

        // The mail server's admin changes the password; the account's check comes due.
        await dovecot.ChangePasswordAsync(user, NewPassword);
        await app.MakeCheckDueAsync(account);

        var mail = (await smtp.WaitForAsync(1, Wait)).Single();
        mail.Subject.ShouldBe("[acme] Needs reconnect: Support (imap)");
        mail.TextBody!.ShouldContain("The connection check was refused: The IMAP server refused the login");
        mail.HtmlBody!.ShouldContain($"/admin/connectors/accounts/{account}");
        var hook = (await receiver.WaitForAsync(1, Wait)).Single();
        hook.Verified.ShouldBeTrue();
        hook.Fresh.ShouldBeTrue();
        var data = JsonDocument.Parse(hook.Body).RootElement;
        data.GetProperty("type").GetString().ShouldBe("account.needs_reconnect");
        data.GetProperty("data").GetProperty("accountId").GetGuid().ShouldBe(account);

        await page.GotoAsync($"{app.BaseUrl}/admin/connectors/accounts/{account}");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        var bell = page.GetByTestId("notifications-bell");
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "1");
        await Assertions.Expect(page.GetByTestId("account-check-status")).ToHaveAttributeAsync("data-status", "failed");
        await bell.ClickAsync();
        var item = page.GetByTestId("inbox-item");
        await Assertions.Expect(item).ToContainTextAsync("Needs reconnect: Support (imap)");
        await browser.SettledAsync();
        await browser.ScreenshotAsync("notifications-bell-open");
        await item.ClickAsync();
        await Assertions.Expect(bell).ToHaveAttributeAsync("data-unread", "0");

        // Reconnect with the new password: "recovered" reaches the same channels.
        await page.GotoAsync($"{app.BaseUrl}/admin/connectors");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        var row = AdminSignIn.Row(page, "Support");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "needs-reconnect");
        await AdminSignIn.ActionAsync(page, row, "action-reconnect");
        var dialog = new AddAccountDialogPage(page);
        await dialog.FieldAsync("password", NewPassword);
        await dialog.SubmitAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");

        var mails = await smtp.WaitForAsync(2, Wait);
        mails[1].Subject.ShouldBe("[acme] Recovered: Support (imap)");
        var hooks = await receiver.WaitForAsync(2, Wait);
        JsonDocument.Parse(hooks[1].Body).RootElement.GetProperty("type").GetString().ShouldBe("account.recovered");
        hooks[1].Verified.ShouldBeTrue();

        await page.GotoAsync($"{app.BaseUrl}/admin/notifications");
        await Assertions.Expect(page.Locator("[data-testid='delivery-row'][data-status='delivered']")).ToHaveCountAsync(4);
        await browser.ScreenshotAsync("notifications-delivery-log");
        var everything = string.Join("\n", mails.Select(m => m.ToString())) + string.Join("\n", hooks.Select(h => h.Body)) + await page.ContentAsync();
        foreach (var secret in new[] { OldPassword, NewPassword, "Smtp-Pl4nted-e2e", receiver.Secret["whsec_".Length..] })
        {
            everything.ShouldNotContain(secret);
        }
    }
}
