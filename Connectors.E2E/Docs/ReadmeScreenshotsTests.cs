using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Docs;

/// <summary>The README's screenshots (docs/*.png) come from this test: a tenant with accounts in several
/// states, and the add-account dialog filled in. It checks what it shows before it shoots.</summary>
public sealed class ReadmeScreenshotsTests
{
    [Fact]
    public async Task ConnectorsPageAndAddAccountDialog_WithAccountsInSeveralStates_RenderForTheReadme()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var support = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(support);
        await app.AddImapAccountAsync("Sales", null);
        await app.AddPendingImapAccountAsync("Billing", "engineering");
        await browser.Page.SetViewportSizeAsync(1280, 720);

        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");

        var rows = browser.Page.GetByTestId("account-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
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
}
