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
        await page.WaitForURLAsync($"{app.BaseUrl}/admin/accounts?q=SAL");
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
        await page.WaitForURLAsync($"{app.BaseUrl}/admin/accounts");
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

    private static ILocator Row(IPage page, string label) => page.Locator($"[data-testid='account-row'][data-label='{label}']");
}
