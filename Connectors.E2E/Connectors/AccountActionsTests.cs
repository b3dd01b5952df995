using Connectors.Domain.Tenancy;
using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>Row actions in a real browser: pause and resume, delete with confirmation, and no manage
/// actions for a tenant admin without ManageConnectors.</summary>
public sealed class AccountActionsTests
{
    [Fact]
    public async Task PauseThenResume_UpdatesTheRowStatus()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        var row = await OpenConnectorsAsync(browser, app, LiveApp.AdminEmail, LiveApp.AdminPassword);

        await row.GetByTestId("account-menu").ClickAsync();
        await browser.Page.GetByTestId("action-pause").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "paused");
        await browser.ScreenshotAsync("account-paused");
        await row.GetByTestId("account-menu").ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("action-sync")).ToHaveCountAsync(0);
        await browser.Page.GetByTestId("action-resume").ClickAsync();

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");
    }

    [Fact]
    public async Task Delete_AfterConfirmation_RemovesTheRow()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        var row = await OpenConnectorsAsync(browser, app, LiveApp.AdminEmail, LiveApp.AdminPassword);

        await row.GetByTestId("account-menu").ClickAsync();
        await browser.Page.GetByTestId("action-delete").ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("confirm-delete")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("delete-confirmation");
        await browser.Page.GetByTestId("confirm-delete").ClickAsync();

        await Assertions.Expect(browser.Page.GetByTestId("account-row")).ToHaveCountAsync(0);
        await Assertions.Expect(browser.Page.GetByTestId("connector-card-imap").GetByTestId("empty-state")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TenantAdmin_SeesAccountsButNoManageActions()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        await app.AddUserAsync("viewer@acme.test", "Viewer-Passw0rd-1", TenantRole.Admin);

        var row = await OpenConnectorsAsync(browser, app, "viewer@acme.test", "Viewer-Passw0rd-1");

        await Assertions.Expect(row).ToHaveAttributeAsync("data-label", "Support");
        await Assertions.Expect(browser.Page.GetByTestId("account-menu")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("admin-read-only");
    }

    private static async Task<ILocator> OpenConnectorsAsync(BrowserSession browser, LiveApp app, string email, string password)
    {
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors", email, password);
        var row = browser.Page.GetByTestId("account-row").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        return row;
    }
}
