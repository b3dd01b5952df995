using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Admin;

/// <summary>The accounts table across connectors in a real browser: search and filters change the address, and the
/// address alone (reload, a shared link) shows the same view.</summary>
public sealed class AccountsTablePageTests
{
    [Fact]
    public async Task SearchAndStatusFilter_LiveInTheAddress_AndSurviveAReload()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var support = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(support);
        await app.AddImapAccountAsync("Sales", null);
        await app.AddPendingImapAccountAsync("Billing", "engineering");
        await AdminSignIn.OpenAsync(browser, app, "/admin/accounts");
        var page = browser.Page;
        var rows = page.GetByTestId("account-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("pager-range")).ToHaveTextAsync("1–3 of 3 accounts");
        await Assertions.Expect(Row(page, "Support").GetByTestId("account-outcome")).ToContainTextAsync("Succeeded · 3 added, 0 updated");

        await AdminSignIn.Input(page, "accounts-search").FillAsync("SAL");
        await Assertions.Expect(page).ToHaveURLAsync($"{app.BaseUrl}/admin/accounts?q=SAL");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-label", "Sales");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(AdminSignIn.Input(page, "accounts-search")).ToHaveValueAsync("SAL");

        await page.GotoAsync($"{app.BaseUrl}/admin/accounts?status=pending&project=engineering");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-status", "pending");
        await browser.ScreenshotAsync("accounts-table-filtered");

        await page.GotoAsync($"{app.BaseUrl}/admin/accounts?status=pending&project=nowhere");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(page.GetByTestId("empty-state")).ToContainTextAsync("No account matches these filters.");
        await page.GetByTestId("accounts-clear").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{app.BaseUrl}/admin/accounts");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task AnAddressTheTableCannotRead_SaysWhichParameterAndShowsEveryAccount()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", null);
        await AdminSignIn.OpenAsync(browser, app, "/admin/accounts?sort=colour&status=asleep");
        var page = browser.Page;

        var problem = page.GetByTestId("accounts-query-problem");
        await Assertions.Expect(problem).ToContainTextAsync("sort 'colour' is not one of label, status, last-sync, next-sync");
        await Assertions.Expect(problem).ToContainTextAsync("status 'asleep'");
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task BulkPause_ShowsTheDryRunWithSkipsAndWhy_ThenRunsAndReportsEachAccount()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", null);
        await app.AddImapAccountAsync("Sales", null);
        await app.AddPendingImapAccountAsync("Billing", null);
        await AdminSignIn.OpenAsync(browser, app, "/admin/accounts");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(3);

        await Row(page, "Sales").GetByTestId("select-account").CheckAsync();
        await Row(page, "Billing").GetByTestId("select-account").CheckAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("2 selected.");
        await page.GetByTestId("bulk-pause").ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        var items = dialog.GetByTestId("bulk-item");
        await Assertions.Expect(items).ToHaveCountAsync(2);
        // Skipped accounts are listed first, with the reason.
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-outcome", "skipped");
        await Assertions.Expect(items.First).ToContainTextAsync("Billing");
        await Assertions.Expect(items.First).ToContainTextAsync("Not connected yet");
        await Assertions.Expect(items.Nth(1)).ToHaveAttributeAsync("data-outcome", "will-apply");
        await Assertions.Expect(dialog.GetByTestId("bulk-summary")).ToHaveTextAsync("1 will change, 1 skipped.");
        await Assertions.Expect(Row(page, "Sales")).ToHaveAttributeAsync("data-status", "active");
        await browser.ScreenshotAsync("bulk-dry-run");

        await dialog.GetByTestId("bulk-confirm").ClickAsync();

        await Assertions.Expect(dialog.Locator("[data-testid='bulk-item'][data-outcome='applied']")).ToHaveCountAsync(1);
        await Assertions.Expect(dialog.Locator("[data-testid='bulk-item'][data-outcome='skipped']")).ToHaveCountAsync(1);
        await dialog.GetByTestId("bulk-done").ClickAsync();
        await Assertions.Expect(Row(page, "Sales")).ToHaveAttributeAsync("data-status", "paused");
        await Assertions.Expect(page.GetByTestId("bulk-bar")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SelectAllMatching_ActsOnEveryAccountOfTheView_NotOnlyThePage()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        foreach (var label in new[] { "Alpha", "Bravo", "Charlie" })
        {
            await app.AddImapAccountAsync(label, null);
        }

        await AdminSignIn.OpenAsync(browser, app, "/admin/accounts?pageSize=2");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(2);

        await page.GetByTestId("select-page").CheckAsync();
        await page.GetByTestId("select-all-matching").ClickAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("All 3 matching accounts selected.");
        await page.GetByTestId("bulk-cadence").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await AdminSignIn.Input(page, "bulk-cadence-minutes").FillAsync("120");
        await dialog.GetByTestId("bulk-review").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid='bulk-item'][data-outcome='will-apply']")).ToHaveCountAsync(3);
        await dialog.GetByTestId("bulk-confirm").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid='bulk-item'][data-outcome='applied']")).ToHaveCountAsync(3);
    }

    private static ILocator Row(IPage page, string label) => page.Locator($"[data-testid='account-row'][data-label='{label}']");
}
