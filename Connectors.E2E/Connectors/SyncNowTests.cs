using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>Sync now in a real browser: the row shows the run's progress as it goes (the fake ping
/// mailbox answers each of its 3 messages in its own slow FETCH), then the outcome; the documents page
/// lists the messages and the account page has the run in its history.</summary>
public sealed class SyncNowTests
{
    [Fact]
    public async Task SyncNow_OnAFakePingAccount_ShowsProgressThenDocumentsAndAHistoryRow()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp(new Dictionary<string, string>
        {
            ["Connectors:Imap:FakePingFetchDelayMs"] = "1500",
            ["Connectors:Imap:BatchSize"] = "1",
        });
        var accountId = await app.AddImapAccountAsync("Support", projectKey: null); // Into the tenant default, which the documents page opens on.
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors", LiveApp.AdminEmail, LiveApp.AdminPassword);
        var row = browser.Page.GetByTestId("account-row").First;

        await row.GetByTestId("account-menu").ClickAsync();
        await browser.Page.GetByTestId("action-sync").ClickAsync();

        var progress = row.GetByTestId("sync-progress");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-total", "3", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await Assertions.Expect(progress.GetByTestId("sync-progress-text")).ToContainTextAsync("of 3 items");
        await browser.ScreenshotAsync("sync-now-progress");
        await row.GetByTestId("account-menu").ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("action-sync")).ToContainTextAsync("Syncing…");
        await browser.Page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(progress).ToHaveCountAsync(0, new() { Timeout = BrowserSession.SyncTimeoutMs });
        await Assertions.Expect(row.Locator("[data-col='Last outcome']")).ToContainTextAsync("Succeeded");
        await browser.ScreenshotAsync("sync-now-done");

        await browser.Page.GotoAsync($"{app.BaseUrl}/admin/documents");
        await Assertions.Expect(browser.Page.GetByText("Invoice 2026-0042")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByText("Support request: cannot sign in")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("sync-now-documents");

        await browser.Page.GotoAsync($"{app.BaseUrl}/admin/connectors/accounts/{accountId}");
        var history = browser.Page.GetByTestId("history-row");
        await Assertions.Expect(history).ToHaveCountAsync(1);
        await Assertions.Expect(history.First).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(history.First).ToContainTextAsync("3");
        await Assertions.Expect(browser.Page.GetByTestId("sync-history-chart").GetByTestId("chart-added").Locator("path.mud-chart-bar")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("sync-now-history");
    }
}
