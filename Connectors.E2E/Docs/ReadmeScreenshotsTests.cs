using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Connectors.Tests.Fakes;
using Microsoft.Playwright;

namespace Connectors.E2E.Docs;

/// <summary>The README's screenshots (docs/*.png) come from this test: a tenant with IMAP accounts in several
/// states and a Google Drive account connected through the fake provider's consent page, and the add-account
/// dialog filled in. It checks what it shows before it shoots.</summary>
public sealed class ReadmeScreenshotsTests
{
    [Fact]
    public async Task ConnectorsPageAndAddAccountDialog_WithAccountsInSeveralStates_RenderForTheReadme()
    {
        var drive = new FakeGoogleDriveApi();
        drive.AddDoc("Onboarding handbook", "Welcome to Acme.");
        drive.AddSheet("Holiday calendar", "date,name\n2026-12-24,Christmas Eve");
        await using var provider = await FakeProviderServer.StartAsync(drive);
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp(new Dictionary<string, string>
        {
            ["Connectors:OAuth:google-drive:ClientId"] = FakeOAuthServer.ClientId,
            ["Connectors:OAuth:google-drive:ClientSecret"] = FakeOAuthServer.ClientSecret,
            ["Connectors:OAuth:google-drive:AuthorizeEndpoint"] = provider.OAuth.AuthorizeEndpoint(FakeGoogleDriveApi.Provider),
            ["Connectors:OAuth:google-drive:TokenEndpoint"] = provider.OAuth.TokenEndpoint(FakeGoogleDriveApi.Provider),
            ["Connectors:OAuth:google-drive:RevocationEndpoint"] = provider.OAuth.RevocationEndpoint(FakeGoogleDriveApi.Provider),
            ["Connectors:OAuth:google-drive:ApiBaseUrl"] = provider.BaseUrl + "/",
            ["Connectors:Network:AllowPrivateHosts"] = "true",
        });
        var support = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(support);
        await app.AddImapAccountAsync("Sales", null);
        await app.AddPendingImapAccountAsync("Billing", "engineering");
        await browser.Page.SetViewportSizeAsync(1280, 1020);

        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var page = browser.Page;
        var addDrive = new AddAccountDialogPage(page);
        await addDrive.OpenAsync("google-drive");
        await addDrive.LabelAsync("Team drive");
        await addDrive.ProjectAsync("engineering");
        await addDrive.SubmitAsync();
        await page.GetByTestId("consent-allow").ClickAsync(new() { Timeout = BrowserSession.SyncTimeoutMs });
        await page.WaitForURLAsync($"{app.BaseUrl}/admin/connectors**", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(AdminSignIn.Row(page, "Team drive")).ToContainTextAsync("Succeeded", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await page.Locator(".mud-snackbar-close-button").First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);

        var rows = browser.Page.GetByTestId("account-row");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(AdminSignIn.Row(browser.Page, "Support")).ToContainTextAsync("Succeeded");
        await Assertions.Expect(AdminSignIn.Row(browser.Page, "Sales")).ToContainTextAsync("tenant default (default)");
        await Assertions.Expect(AdminSignIn.Row(browser.Page, "Billing")).ToHaveAttributeAsync("data-status", "pending");
        await browser.ScreenshotAsync("readme-connectors-page");

        await browser.Page.SetViewportSizeAsync(1280, 1000);
        var dialog = new AddAccountDialogPage(browser.Page);
        await dialog.OpenAsync("imap");
        await dialog.LabelAsync("Support EU");
        await dialog.ProjectAsync("engineering");
        await dialog.FieldAsync("host", "imap.eu.acme.test");
        await dialog.FieldAsync("username", "support-eu@acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await Assertions.Expect(dialog.Input("field-password")).ToHaveAttributeAsync("type", "password");
        await browser.ScreenshotAsync("readme-add-account-dialog");
    }

    [Fact]
    public async Task OverviewAccountsTableAndBulkDryRun_RenderForTheReadme()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var support = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(support);
        var newsletters = await app.AddImapAccountAsync("Newsletters", null);
        await app.RunSyncAsync(newsletters);
        foreach (var label in new[] { "Sales", "Legal", "Marketing" })
        {
            await app.AddImapAccountAsync(label, "engineering");
        }

        var invoices = await app.AddImapAccountAsync("Invoices", null);
        await app.BreakAsync(invoices, Domain.Installations.InstallationStatus.Error,
            "Stopped after 5 failed syncs in a row: the mail server did not answer within 30 seconds. Resume it once the server is reachable.");
        var hr = await app.AddImapAccountAsync("HR inbox", "acme-hr");
        await app.BreakAsync(hr, Domain.Installations.InstallationStatus.NeedsReconnect,
            "The mail server refused the stored password (it was changed or revoked). Reconnect with the new one.");
        await app.AddPendingImapAccountAsync("Billing", "engineering");
        var page = browser.Page;
        await page.SetViewportSizeAsync(1280, 860);

        await AdminSignIn.OpenAsync(browser, app, "/admin");
        await Assertions.Expect(page.GetByTestId("attention-count")).ToHaveTextAsync("3");
        await browser.ScreenshotAsync("readme-overview");

        await page.GotoAsync($"{app.BaseUrl}/admin/accounts?project=engineering&sort=status");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        var rows = page.GetByTestId("account-row");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await browser.ScreenshotAsync("readme-accounts-table");

        foreach (var label in new[] { "Billing", "Legal", "Marketing", "Sales" })
        {
            await AdminSignIn.Row(page, label).GetByTestId("select-account").CheckAsync();
        }

        await page.GetByTestId("bulk-pause").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog).GetByTestId("bulk-item")).ToHaveCountAsync(4);
        await browser.ScreenshotAsync("readme-bulk-dry-run");
    }
}
