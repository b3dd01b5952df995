using System.Text.RegularExpressions;
using Connectors.Domain.Tenancy;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>The account page: details, non-secret configuration, sync history (chart and table), not-found state.</summary>
public sealed class AccountPageTests
{
    [Fact]
    public async Task AccountPage_AfterASync_ShowsHistoryAndHostButNeverThePassword()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var id = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(id);
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");

        await AdminSignIn.Row(browser.Page, "Support").GetByTestId("account-link").ClickAsync();

        await browser.Page.WaitForURLAsync($"**/admin/connectors/accounts/{id}");
        await Assertions.Expect(browser.Page.GetByTestId("account-title")).ToHaveTextAsync("Support");
        var history = browser.Page.GetByTestId("history-row");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(history).ToContainTextAsync("Manual");
        await Assertions.Expect(browser.Page.Locator("[data-testid='config-row'][data-key='connection.host']")).ToContainTextAsync("imap.acme.test");
        await Assertions.Expect(browser.Page.GetByTestId("detail-project")).ToHaveTextAsync("acme-hr");
        // The primary actions are buttons in view; the configuration uses the connector's labels and words.
        await Assertions.Expect(browser.Page.GetByTestId("action-sync")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByTestId("action-pause")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.Locator("[data-testid='config-row'][data-key='connection.host'] th")).ToHaveTextAsync("Host");
        await Assertions.Expect(browser.Page.Locator("[data-testid='config-row'][data-key='connection.encryption']")).ToContainTextAsync("SSL/TLS");
        await browser.ScreenshotAsync("account-page");
        (await browser.Page.ContentAsync()).ShouldNotContain(LiveApp.ImapPassword);
    }

    [Fact]
    public async Task AccountPage_TwoSyncs_ChartShowsBothRunsAboveTheHistory()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var id = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(id);
        await app.RunSyncAsync(id);

        await AdminSignIn.OpenAsync(browser, app, $"/admin/connectors/accounts/{id}");

        var chart = browser.Page.GetByTestId("sync-history-chart");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-runs", "2");
        // The second run found nothing new: it has a duration bar but no bar of documents added.
        await Assertions.Expect(chart.GetByTestId("chart-added").Locator("path.mud-chart-bar")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.GetByTestId("chart-duration").Locator("path.mud-chart-bar")).ToHaveCountAsync(2);
        // The colour the bar is drawn in (no style sheet may repaint it): the succeeded outcome's green.
        (await chart.GetByTestId("chart-duration").Locator("path.mud-chart-bar").First.EvaluateAsync<string>("b => getComputedStyle(b).stroke"))
            .ShouldBe("rgb(67, 160, 71)");
        await Assertions.Expect(chart).ToContainTextAsync("The last 2 finished runs, oldest → newest");
        await Assertions.Expect(browser.Page.GetByTestId("history-row")).ToHaveCountAsync(2);
        await Assertions.Expect(browser.Page.GetByTestId("detail-cadence")).ToHaveTextAsync("every 15 min (inherited)");
        await browser.ScreenshotAsync("account-page-chart");

        await browser.Page.GetByLabel("Toggle dark mode").ClickAsync();
        await browser.SettledAsync();
        await browser.ScreenshotAsync("account-page-chart-dark");
        await browser.Page.SetViewportSizeAsync(390, 844);
        await browser.SettledAsync();
        await Assertions.Expect(chart.GetByTestId("chart-duration").Locator("path.mud-chart-bar")).ToHaveCountAsync(2);
        await browser.ScreenshotAsync("account-page-chart-phone-dark");
        await browser.Page.GetByLabel("Toggle dark mode").ClickAsync();
        await browser.SettledAsync();
        await browser.ScreenshotAsync("account-page-chart-phone");
    }

    [Fact]
    public async Task AccountPage_PendingAccount_ShowsTheServersReason()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var id = await app.AddPendingImapAccountAsync("Support", null);

        await AdminSignIn.OpenAsync(browser, app, $"/admin/connectors/accounts/{id}");

        await Assertions.Expect(browser.Page.GetByTestId("account-error")).ToContainTextAsync("refused the login");
        await Assertions.Expect(browser.Page.GetByTestId("history-empty")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByTestId("chart-empty")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByTestId("detail-project")).ToContainTextAsync("tenant default (default)");
        await browser.ScreenshotAsync("account-page-pending");
    }

    [Fact]
    public async Task AccountPage_AuthFailedSync_ShowsTheRunsErrorAndReconnectKeepsTheHistory()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var id = await app.AddPendingImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(id);
        await AdminSignIn.OpenAsync(browser, app, $"/admin/connectors/accounts/{id}");
        var header = browser.Page.GetByTestId("account-header");
        await Assertions.Expect(header).ToHaveAttributeAsync("data-status", "needs-reconnect");
        await Assertions.Expect(browser.Page.GetByTestId("history-row")).ToHaveAttributeAsync("data-status", "failed");
        await Assertions.Expect(browser.Page.GetByTestId("history-error")).ToContainTextAsync("Auth");
        await Assertions.Expect(browser.Page.GetByTestId("account-error")).ToContainTextAsync("reconnect it");
        await browser.ScreenshotAsync("account-page-needs-reconnect");

        await Assertions.Expect(browser.Page.GetByTestId("action-sync")).ToHaveCountAsync(0);
        await Assertions.Expect(browser.Page.GetByTestId("banner-fix")).ToHaveTextAsync("Reconnect");
        await browser.Page.GetByTestId("banner-fix").ClickAsync();
        var dialog = new AddAccountDialogPage(browser.Page);
        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await dialog.SubmitAsync();

        await Assertions.Expect(header).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(browser.Page.GetByTestId("account-error")).ToHaveCountAsync(0);
        // The failed run is kept; reconnecting started the next sync at once.
        await Assertions.Expect(browser.Page.GetByTestId("history-row")).ToHaveCountAsync(2);
        await Assertions.Expect(browser.Page.Locator("[data-testid='history-row'][data-status='failed']")).ToHaveCountAsync(1);
        await Assertions.Expect(browser.Page.Locator("[data-testid='config-row'][data-key='connection.host']")).ToContainTextAsync("imap.acme.test");
    }

    [Fact]
    public async Task AccountPage_ElevenRuns_PagesByTen()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var id = await app.AddImapAccountAsync("Support", "acme-hr");
        for (var i = 0; i < 11; i++)
        {
            await app.RunSyncAsync(id);
        }

        await AdminSignIn.OpenAsync(browser, app, $"/admin/connectors/accounts/{id}");

        var rows = browser.Page.GetByTestId("history-row");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await Assertions.Expect(browser.Page.GetByTestId("sync-history")).ToContainTextAsync("11 runs");
        await Assertions.Expect(rows.Last).ToContainTextAsync("Incremental");
        await browser.ScreenshotAsync("account-page-history");
        await browser.Page.Locator(".mud-pagination button").Filter(new() { HasTextRegex = new Regex("^2$") }).ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync("Full");
    }

    [Fact]
    public async Task AccountPage_UnknownId_ShowsAccountNotFound()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();

        await AdminSignIn.OpenAsync(browser, app, $"/admin/connectors/accounts/{Guid.NewGuid()}");

        await Assertions.Expect(browser.Page.GetByTestId("account-not-found")).ToContainTextAsync("Account not found");
        await browser.ScreenshotAsync("account-not-found");
    }

    [Fact]
    public async Task AccountPage_TenantAdmin_SeesDetailsWithoutActions()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var id = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.AddUserAsync("viewer@acme.test", "Viewer-Passw0rd-1", TenantRole.Admin);

        await AdminSignIn.OpenAsync(browser, app, $"/admin/connectors/accounts/{id}", "viewer@acme.test", "Viewer-Passw0rd-1");

        await Assertions.Expect(browser.Page.GetByTestId("account-title")).ToHaveTextAsync("Support");
        await Assertions.Expect(browser.Page.GetByTestId("account-menu")).ToHaveCountAsync(0);
        await Assertions.Expect(browser.Page.GetByTestId("action-sync")).ToHaveCountAsync(0);
    }
}
