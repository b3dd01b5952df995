using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Credentials;

/// <summary>
/// Tenant credentials in a real browser (IMAP on the fake ping): add one on the Credentials page, add an account that signs
/// in with it (its form then asks only for the account's own part), see the badge on its row and "used by" on the page,
/// rotate it once, and meet the refusal to delete it while in use; bring the tenant's own Google Drive OAuth app — at desktop
/// width and on a phone.
/// </summary>
public sealed class TenantCredentialsTests
{
    [Fact]
    public async Task AddACredential_ConnectAnAccountWithIt_RotateItOnce_AndItCannotBeDeletedWhileInUse()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await AdminSignIn.OpenAsync(browser, app, "/admin/credentials");
        var page = browser.Page;
        var dialog = new AddAccountDialogPage(page);
        await Assertions.Expect(page.GetByTestId("credentials-empty")).ToBeVisibleAsync();

        await page.GetByTestId("credential-add").ClickAsync();
        await dialog.SelectAsync("credential-connector", "Email (IMAP)");
        await dialog.Input("credential-name").FillAsync("Shared mailbox");
        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("username", "shared@acme.test");
        await dialog.FieldAsync("password", LiveApp.ImapPassword);
        await browser.ScreenshotAsync("credentials-add");
        await page.GetByTestId("credential-submit").ClickAsync();

        var row = page.Locator("[data-testid='credential-row'][data-name='Shared mailbox']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-test-status", "passed", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await Assertions.Expect(row.Locator("[data-col='Signs in as']")).ToContainTextAsync("shared@acme.test");
        await Assertions.Expect(page.Locator("html")).Not.ToContainTextAsync(LiveApp.ImapPassword);

        await page.GotoAsync($"{app.BaseUrl}/admin/connectors");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await dialog.OpenAsync("imap");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "A tenant credential" })).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByTestId("field-host")).ToHaveCountAsync(0); // The credential supplies it.
        await dialog.LabelAsync("Support");
        await browser.ScreenshotAsync("credentials-account-dialog");
        await dialog.SubmitAsync();

        var account = AdminSignIn.Row(page, "Support");
        await Assertions.Expect(account).ToHaveAttributeAsync("data-status", "active", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await Assertions.Expect(account.GetByTestId("credential-badge")).ToHaveTextAsync("Shared mailbox");
        await browser.ScreenshotAsync("credentials-badge");

        await page.GotoAsync($"{app.BaseUrl}/admin/credentials");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(row.GetByTestId("credential-used-by")).ToContainTextAsync("Support");
        await row.GetByTestId("credential-rotate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rotate-hint")).ToContainTextAsync("1 account(s)");
        await dialog.FieldAsync("password", "Rotated-" + LiveApp.ImapPassword);
        await page.GetByTestId("credential-submit").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("rotated (version 2)", new() { Timeout = BrowserSession.SyncTimeoutMs });

        await row.GetByTestId("credential-delete").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "is used by" })).ToContainTextAsync("'Support'");
        await Assertions.Expect(row).ToBeVisibleAsync();

        var drive = page.Locator("[data-testid='oauth-app-row'][data-connector='google-drive']");
        await Assertions.Expect(drive).ToHaveAttributeAsync("data-in-use", "none");
        await drive.GetByTestId("oauth-app-set").ClickAsync();
        await dialog.Input("oauth-app-client-id").FillAsync("acme-own-client.apps.googleusercontent.com");
        await dialog.Input("oauth-app-client-secret").FillAsync("acme-own-secret-5b2");
        await page.GetByTestId("oauth-app-submit").ClickAsync();
        await Assertions.Expect(drive).ToHaveAttributeAsync("data-in-use", "tenant");
        await Assertions.Expect(page.Locator("html")).Not.ToContainTextAsync("acme-own-secret-5b2");

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await browser.ScreenshotAsync("credentials-phone");
        await Assertions.Expect(row.GetByTestId("credential-rotate")).ToBeVisibleAsync();
    }
}
